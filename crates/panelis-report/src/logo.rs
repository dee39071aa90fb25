//! The organizer's logo for the letterhead: decoded once when it is set (so a logo that is
//! stored always prints) and again when a document is made.

use crate::error::{ContentRefusal, ReportError, Result};
use printpdf::{RawImage, RawImageData, RawImageFormat};

/// The largest side accepted, in pixels: a letterhead logo is about 2 cm tall, so 2,000
/// pixels is already print quality many times over, and bigger ones only bloat every PDF.
pub const MAX_LOGO_PIXELS: usize = 2000;

/// Decodes a PNG or JPEG logo; a clear refusal for anything else.
pub fn decode(bytes: &[u8]) -> Result<RawImage> {
    panelis_core::store::logo_media_type(bytes)?;
    let mut warnings = Vec::new();
    let image = RawImage::decode_from_bytes(bytes, &mut warnings).map_err(|e| {
        ReportError::Content(ContentRefusal::LogoUnreadable {
            cause: e.to_string(),
        })
    })?;
    let image = to_8_bit(image);
    if image.width == 0 || image.height == 0 {
        return Err(ReportError::Content(ContentRefusal::LogoEmpty));
    }
    if image.width > MAX_LOGO_PIXELS || image.height > MAX_LOGO_PIXELS {
        return Err(ReportError::Content(ContentRefusal::LogoTooManyPixels {
            width: image.width,
            height: image.height,
            max: MAX_LOGO_PIXELS,
        }));
    }
    Ok(image)
}

/// Checks that `bytes` is a logo the documents can print; its size in pixels.
pub fn check_logo(bytes: &[u8]) -> Result<(usize, usize)> {
    let image = decode(bytes)?;
    Ok((image.width, image.height))
}

/// 16-bit images (common from design tools) as 8-bit: printpdf writes the alpha channel of
/// an 8-bit image only, and 8 bits is all print needs.
fn to_8_bit(image: RawImage) -> RawImage {
    use RawImageFormat::*;
    let format = match image.data_format {
        R16 => R8,
        RG16 => RG8,
        RGB16 => RGB8,
        RGBA16 => RGBA8,
        _ => return image,
    };
    let RawImageData::U16(samples) = &image.pixels else {
        return image;
    };
    let pixels = RawImageData::U8(samples.iter().map(|s| (s >> 8) as u8).collect());
    RawImage {
        pixels,
        data_format: format,
        ..image
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test fails loudly on purpose

    use super::*;

    #[test]
    fn a_16_bit_png_with_alpha_becomes_8_bit_rgba() {
        let png = include_bytes!("../tests/fixtures/logo.png");
        let image = decode(png).unwrap();
        assert_eq!(image.data_format, RawImageFormat::RGBA8);
        let RawImageData::U8(pixels) = &image.pixels else {
            panic!("not 8-bit");
        };
        assert_eq!(pixels.len(), 240 * 200 * 4);
        // The corner is transparent, the middle of the disc is not.
        assert_eq!(pixels[3], 0);
        let middle = (100 * 240 + 120) * 4;
        assert_eq!(pixels[middle + 3], 255);
    }

    #[test]
    fn huge_images_and_other_formats_are_refused() {
        let err = check_logo(b"GIF89a").unwrap_err();
        assert!(err.to_string().contains("not a PNG or JPEG"), "{err}");
    }
}

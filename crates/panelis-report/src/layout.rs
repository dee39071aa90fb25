//! Page layout for the official documents: an A4 page writer in millimetres from the top-left
//! corner, with measured word wrapping in the embedded DejaVu Sans, tables whose header row
//! repeats on every page, signature blocks, and QR codes drawn as filled squares. Every page
//! gets the running header (document title, competition) and footer (page x of y, document
//! id, version) once the number of pages is known. The document's QR code sits on the first
//! page of each section; a page can carry its own QR code instead ([`Writer::page_qr`]), with
//! its text printed under it.

use crate::error::{ReportError, Result};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfFontHandle, PdfPage, Point,
    Polygon, PolygonRing, Pt, Rgb, TextItem, WindingOrder, XObjectId, XObjectTransform,
};

/// Millimetres in an inch.
const MM_PER_INCH: f32 = 25.4;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Millimetres per PDF point.
const MM_PER_PT: f32 = 25.4 / 72.0;
/// Page margin on every side.
pub(crate) const MARGIN: f32 = 15.0;
/// Where the content starts below the running header.
const CONTENT_TOP: f32 = 27.0;
/// Where the content starts on a document's first page, below the QR code.
const CONTENT_TOP_FIRST: f32 = 38.0;
/// Height reserved for the running footer.
const FOOTER: f32 = 18.0;
/// Side of the QR code.
const QR_SIZE: f32 = 26.0;
/// Size in points of a page QR code's text, printed under it.
const QR_CAPTION: f32 = 6.5;

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The two faces every document uses, parsed once per process, with advance widths cached
/// per character for measuring.
pub(crate) struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
    regular_widths: HashMap<char, f32>,
    bold_widths: HashMap<char, f32>,
}

fn widths(font: &ParsedFont) -> HashMap<char, f32> {
    let em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    // Every character of the Basic Multilingual Plane the face has: looked up once per
    // process (a cmap lookup each), then measuring is a map read.
    (0u32..=0xFFFF)
        .filter_map(|cp| {
            let c = char::from_u32(cp)?;
            let gid = font.lookup_glyph_index(cp)?;
            Some((c, f32::from(font.get_horizontal_advance(gid)) / em))
        })
        .collect()
}

/// The embedded fonts.
pub(crate) fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?;
            Some(Fonts {
                regular_widths: widths(&regular),
                bold_widths: widths(&bold),
                regular,
                bold,
            })
        })
        .as_ref()
        .ok_or(ReportError::Font("DejaVu Sans"))
}

impl Fonts {
    /// Width in mm of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let table = if bold {
            &self.bold_widths
        } else {
            &self.regular_widths
        };
        let ems: f32 = text
            .chars()
            .map(|c| table.get(&c).copied().unwrap_or(0.6))
            .sum();
        ems * size * MM_PER_PT
    }

    /// Breaks `text` into lines no wider than `width` mm: at spaces where possible, inside a
    /// word only when the word alone is too wide. Newlines are kept as line breaks.
    pub fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size, bold) <= width {
                    line = word.to_string();
                    continue;
                }
                // A word wider than the column: break it between characters.
                for c in word.chars() {
                    let mut next = line.clone();
                    next.push(c);
                    if !line.is_empty() && self.width(&next, size, bold) > width {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = next;
                    }
                }
            }
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

/// Replaces control characters (tabs, carriage returns, ...) by spaces; keeps newlines.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Padding inside a table cell for a font size: less for small print, so narrow columns
/// still hold their numbers.
pub(crate) fn cell_padding(size: f32) -> f32 {
    (size * 0.15).clamp(0.6, 1.2)
}

/// Line height in mm for a font size in points.
pub(crate) fn line_height(size: f32) -> f32 {
    size * 1.22 * MM_PER_PT
}

/// Page orientation; both A4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    /// (width, height) in mm.
    pub fn size(self) -> (f32, f32) {
        match self {
            Orientation::Portrait => (210.0, 297.0),
            Orientation::Landscape => (297.0, 210.0),
        }
    }
}

/// Horizontal alignment inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// How a line of text is set: size in points, weight, alignment in its box.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub align: Align,
}

impl Style {
    pub fn new(size: f32, bold: bool, align: Align) -> Self {
        Style { size, bold, align }
    }
}

/// One document inside the PDF: its own title, orientation and page numbering.
struct Section {
    title: String,
    orientation: Orientation,
    pages: Vec<Page>,
}

/// One page being written: what it draws, and the QR code it carries of its own, if any.
#[derive(Default)]
struct Page {
    ops: Vec<Op>,
    qr: Option<String>,
}

/// What every page's header and footer say.
pub(crate) struct Running {
    pub competition: String,
    /// "ID dokumen: ... · Versi 1" or similar, already worded.
    pub footer_left: String,
    /// "SHA-256 data hasil: ..." already worded.
    pub footer_hash: String,
    /// "SHA-256 sertifikat penyelenggara: ABCD 1234 ..." already worded; `None`: unsigned.
    pub footer_organizer: Option<String>,
    /// "Halaman {x} dari {y}" with `{x}` and `{y}` as placeholders.
    pub page_of: String,
    /// What the QR code on each section's first page carries; `None`: no document QR code
    /// (pages may still carry their own, see [`Writer::page_qr`]).
    pub qr_payload: Option<String>,
}

/// A column of a table.
pub(crate) struct Column {
    pub header: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f32, align: Align) -> Self {
        Column {
            header: header.into(),
            width,
            align,
        }
    }
}

/// A row of a table.
pub(crate) struct Row {
    pub cells: Vec<String>,
    /// Bold text (e.g. tied entries).
    pub bold: bool,
    /// A light background (e.g. tied entries, abstentions).
    pub shade: bool,
}

impl Row {
    pub fn new(cells: Vec<String>) -> Self {
        Row {
            cells,
            bold: false,
            shade: false,
        }
    }
}

/// Writes pages: text, tables, lines, QR codes; keeps the cursor `y` in mm from the top.
pub(crate) struct Writer {
    fonts: &'static Fonts,
    regular: FontId,
    bold: FontId,
    sections: Vec<Section>,
    /// Cursor: mm from the top of the current page.
    pub y: f32,
    /// The organizer's logo, added to the document, for the letterhead.
    pub logo: Option<Logo>,
    /// The QR code the pages started from now on in this section carry ([`Writer::page_qr`]).
    page_qr: Option<String>,
}

/// An image added to the document, with its size in pixels.
#[derive(Clone)]
pub(crate) struct Logo {
    pub id: XObjectId,
    pub width_px: f32,
    pub height_px: f32,
}

impl Writer {
    pub fn new(regular: FontId, bold: FontId) -> Result<Self> {
        Ok(Writer {
            fonts: fonts()?,
            regular,
            bold,
            sections: Vec::new(),
            y: CONTENT_TOP,
            logo: None,
            page_qr: None,
        })
    }

    pub fn fonts(&self) -> &'static Fonts {
        self.fonts
    }

    /// Starts a new document section on a new page.
    pub fn section(&mut self, title: impl Into<String>, orientation: Orientation) {
        self.sections.push(Section {
            title: title.into(),
            orientation,
            pages: vec![Page::default()],
        });
        self.page_qr = None;
        self.y = CONTENT_TOP_FIRST;
    }

    /// Gives the current page, and the pages that follow it in this section, their own QR
    /// code carrying `payload` (printed as text under it too) instead of the document's. Call
    /// it before writing on the page: the cursor moves below the QR code.
    pub fn page_qr(&mut self, payload: impl Into<String>) {
        let payload = payload.into();
        self.page_qr = Some(payload.clone());
        self.page().qr = Some(payload);
        self.y = self.y.max(CONTENT_TOP_FIRST);
    }

    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.section(String::new(), Orientation::Portrait);
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn page(&mut self) -> &mut Page {
        let section = self.current();
        if section.pages.is_empty() {
            section.pages.push(Page::default());
        }
        let last = section.pages.len() - 1;
        &mut section.pages[last]
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.page().ops
    }

    fn size(&self) -> (f32, f32) {
        self.sections
            .last()
            .map(|s| s.orientation.size())
            .unwrap_or(Orientation::Portrait.size())
    }

    /// The width of a column whose header `text` (at a table font `size`) must fit on one
    /// line, at least `min`.
    pub fn column_for(&self, text: &str, size: f32, min: f32) -> f32 {
        (self.fonts.width(text, size * 0.92, true) + 3.0).max(min)
    }

    /// Page width.
    pub fn page_width(&self) -> f32 {
        self.size().0
    }

    /// Width between the margins.
    pub fn content_width(&self) -> f32 {
        self.size().0 - 2.0 * MARGIN
    }

    /// The lowest y content may reach.
    pub fn bottom(&self) -> f32 {
        self.size().1 - FOOTER
    }

    /// Where content starts on a page that is not a section's first: lower when the pages
    /// carry their own QR code.
    fn content_top(&self) -> f32 {
        if self.page_qr.is_some() {
            CONTENT_TOP_FIRST
        } else {
            CONTENT_TOP
        }
    }

    /// Starts a new page in the current section (with the QR code set by
    /// [`Writer::page_qr`], if any).
    pub fn new_page(&mut self) {
        let qr = self.page_qr.clone();
        self.current().pages.push(Page {
            ops: Vec::new(),
            qr,
        });
        self.y = self.content_top();
    }

    /// The height a page of the current section offers its content (below the running
    /// header, above the footer): what a block kept together must fit in.
    pub fn page_room(&self) -> f32 {
        self.bottom() - self.content_top()
    }

    /// The height [`Writer::paragraph`] takes for `text`.
    pub fn paragraph_height(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.fonts
            .wrap(&clean(text), self.content_width(), size, bold)
            .len() as f32
            * line_height(size)
    }

    /// Makes sure `height` mm fit below the cursor, else starts a new page.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.new_page();
        }
    }

    fn pt_x(x: f32) -> Pt {
        Pt(x / MM_PER_PT)
    }

    fn pt_y(&self, y: f32) -> Pt {
        Pt((self.size().1 - y) / MM_PER_PT)
    }

    /// Writes one line of text with its baseline at `y`, starting at `x` (all mm).
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        let pos = Point {
            x: Self::pt_x(x),
            y: self.pt_y(y),
        };
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor { pos });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        ops.push(Op::EndTextSection);
    }

    /// Writes a line aligned inside the box `[x, x + width]`.
    pub fn text_in(&mut self, x: f32, width: f32, y: f32, style: Style, text: &str) {
        let Style { size, bold, align } = style;
        let w = self.fonts.width(text, size, bold);
        let left = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text(left.max(x), y, size, bold, text);
    }

    /// A wrapped paragraph across the content width, moving the cursor below it.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool, align: Align) {
        self.paragraph_at(MARGIN, self.content_width(), text, size, bold, align);
    }

    /// A wrapped paragraph in the column `[x, x + width]`.
    pub fn paragraph_at(
        &mut self,
        x: f32,
        width: f32,
        text: &str,
        size: f32,
        bold: bool,
        align: Align,
    ) {
        let lh = line_height(size);
        for line in self.fonts.wrap(&clean(text), width, size, bold) {
            self.ensure(lh);
            self.y += lh;
            self.text_in(
                x,
                width,
                self.y - lh * 0.22,
                Style::new(size, bold, align),
                &line,
            );
        }
    }

    /// The logo fitted into a `max_w` x `max_h` mm box with its top-left corner at `(x, y)`,
    /// keeping its proportions; the size drawn (mm), or `None` without a logo.
    pub fn logo(&mut self, x: f32, y: f32, max_w: f32, max_h: f32) -> Option<(f32, f32)> {
        let logo = self.logo.clone()?;
        let scale = (max_w / logo.width_px).min(max_h / logo.height_px);
        let (w, h) = (logo.width_px * scale, logo.height_px * scale);
        // printpdf draws an image at `dpi` pixels per inch: pick the one giving width `w`.
        let dpi = logo.width_px * MM_PER_INCH / w;
        let bottom = self.pt_y(y + h);
        self.ops().push(Op::UseXobject {
            id: logo.id,
            transform: XObjectTransform {
                translate_x: Some(Self::pt_x(x)),
                translate_y: Some(bottom),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
        Some((w, h))
    }

    /// Vertical space.
    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        let (a, b) = (
            Point {
                x: Self::pt_x(x1),
                y: self.pt_y(y1),
            },
            Point {
                x: Self::pt_x(x2),
                y: self.pt_y(y2),
            },
        );
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: a,
                        bezier: false,
                    },
                    LinePoint {
                        p: b,
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A rectangle's four corners (top-left corner, size) as page points, clockwise.
    fn corners(&self, x: f32, y: f32, w: f32, h: f32) -> Vec<LinePoint> {
        [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            .iter()
            .map(|(px, py)| LinePoint {
                p: Point {
                    x: Self::pt_x(*px),
                    y: self.pt_y(*py),
                },
                bezier: false,
            })
            .collect()
    }

    /// The outline of a rectangle (top-left corner, size): a box to write in.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, thickness_pt: f32) {
        let points = self.corners(x, y, w, h);
        let ops = self.ops();
        ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
        ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: true,
            },
        });
    }

    /// A filled rectangle (top-left corner, size), in a grey level (0 black, 1 white).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        let points = self.corners(x, y, w, h);
        let ops = self.ops();
        ops.push(Op::SetFillColor {
            col: grey_color(grey),
        });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        ops.push(Op::SetFillColor {
            col: grey_color(0.0),
        });
    }

    /// A table across the columns given (their widths should add up to the content width).
    /// Rows break across pages; the header row repeats on every page. A cell too tall for a
    /// whole page is cut with an ellipsis rather than overflowing.
    pub fn table(&mut self, columns: &[Column], rows: &[Row], size: f32) {
        let lh = line_height(size);
        let pad = cell_padding(size);
        let header_size = size * 0.92;
        let header_lines: Vec<Vec<String>> = columns
            .iter()
            .map(|c| {
                self.fonts
                    .wrap(&c.header, c.width - 2.0 * pad, header_size, true)
            })
            .collect();
        let header_h = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32
            * line_height(header_size)
            + 2.0 * pad;
        self.ensure(header_h + lh + 2.0 * pad);
        self.table_header(columns, &header_lines, header_h, header_size, pad);
        let max_h = self.bottom() - self.content_top() - header_h - 1.0;
        for row in rows {
            let mut cells: Vec<Vec<String>> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = row.cells.get(i).map(|s| clean(s)).unwrap_or_default();
                    self.fonts.wrap(&text, c.width - 2.0 * pad, size, row.bold)
                })
                .collect();
            let max_lines = ((max_h - 2.0 * pad) / lh).floor().max(1.0) as usize;
            for lines in &mut cells {
                if lines.len() > max_lines {
                    lines.truncate(max_lines);
                    if let Some(last) = lines.last_mut() {
                        last.push('…');
                    }
                }
            }
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * lh + 2.0 * pad;
            if self.y + h > self.bottom() {
                self.new_page();
                self.table_header(columns, &header_lines, header_h, header_size, pad);
            }
            let top = self.y;
            if row.shade {
                self.fill_rect(MARGIN, top, self.content_width(), h, 0.9);
            }
            let mut x = MARGIN;
            for (c, lines) in columns.iter().zip(&cells) {
                for (k, line) in lines.iter().enumerate() {
                    let baseline = top + pad + (k as f32 + 1.0) * lh - lh * 0.22;
                    self.text_in(
                        x + pad,
                        c.width - 2.0 * pad,
                        baseline,
                        Style::new(size, row.bold, c.align),
                        line,
                    );
                }
                x += c.width;
            }
            self.grid(columns, top, h);
            self.y = top + h;
        }
    }

    fn table_header(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        h: f32,
        size: f32,
        pad: f32,
    ) {
        let top = self.y;
        let lh = line_height(size);
        self.fill_rect(MARGIN, top, self.content_width(), h, 0.85);
        let mut x = MARGIN;
        for (c, ls) in columns.iter().zip(lines) {
            for (k, line) in ls.iter().enumerate() {
                let baseline = top + pad + (k as f32 + 1.0) * lh - lh * 0.22;
                self.text_in(
                    x + pad,
                    c.width - 2.0 * pad,
                    baseline,
                    Style::new(size, true, c.align),
                    line,
                );
            }
            x += c.width;
        }
        self.grid(columns, top, h);
        self.y = top + h;
    }

    /// The outline and the column separators of one table row.
    pub fn grid(&mut self, columns: &[Column], top: f32, h: f32) {
        let right = MARGIN + columns.iter().map(|c| c.width).sum::<f32>();
        self.line(MARGIN, top, right, top, 0.4);
        self.line(MARGIN, top + h, right, top + h, 0.4);
        let mut x = MARGIN;
        self.line(x, top, x, top + h, 0.4);
        for c in columns {
            x += c.width;
            self.line(x, top, x, top + h, 0.4);
        }
    }

    /// A signature box at (x, cursor): role, space to sign, the name over a line, a detail.
    pub fn signature_block(&mut self, x: f32, width: f32, role: &str, name: &str, detail: &str) {
        let top = self.y;
        let mut y = top;
        for line in self.fonts.wrap(&clean(role), width, 9.0, false) {
            y += line_height(9.0);
            self.text_in(x, width, y, Style::new(9.0, false, Align::Center), &line);
        }
        y += 16.0;
        let name_lines = self.fonts.wrap(&clean(name), width, 9.0, true);
        for line in &name_lines {
            y += line_height(9.0);
            self.text_in(x, width, y, Style::new(9.0, true, Align::Center), line);
        }
        self.line(x + 4.0, y + 1.2, x + width - 4.0, y + 1.2, 0.5);
        y += 1.5;
        for line in self.fonts.wrap(&clean(detail), width, 7.5, false) {
            y += line_height(7.5);
            self.text_in(x, width, y, Style::new(7.5, false, Align::Center), &line);
        }
        self.y = y;
    }

    /// Height a [`Writer::signature_block`] will take.
    pub fn signature_block_height(&self, width: f32, role: &str, name: &str, detail: &str) -> f32 {
        let f = self.fonts;
        f.wrap(role, width, 9.0, false).len() as f32 * line_height(9.0)
            + 16.0
            + f.wrap(name, width, 9.0, true).len() as f32 * line_height(9.0)
            + 1.5
            + f.wrap(detail, width, 7.5, false).len() as f32 * line_height(7.5)
    }

    /// A QR code of `side` mm with its top-left corner at (x, y), dark modules as filled
    /// squares (runs of a row merged into one rectangle).
    fn qr(&mut self, x: f32, y: f32, side: f32, payload: &str) {
        let Ok(code) =
            qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
        else {
            return;
        };
        let n = code.width();
        let colors = code.to_colors();
        let quiet = 2.0;
        let module = side / (n as f32 + 2.0 * quiet);
        let mut rings = Vec::new();
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let x0 = x + (quiet + start as f32) * module;
                let x1 = x + (quiet + col as f32) * module;
                let y0 = y + (quiet + row as f32) * module;
                let y1 = y0 + module;
                let points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                    .iter()
                    .map(|(px, py)| LinePoint {
                        p: Point {
                            x: Self::pt_x(*px),
                            y: self.pt_y(*py),
                        },
                        bezier: false,
                    })
                    .collect();
                rings.push(PolygonRing { points });
            }
        }
        let ops = self.ops();
        ops.push(Op::SetFillColor {
            col: grey_color(0.0),
        });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// Adds the running header and footer to every page and returns the pages.
    pub fn finish(mut self, running: &Running) -> Vec<PdfPage> {
        let fonts = self.fonts;
        let sections = std::mem::take(&mut self.sections);
        let mut pages = Vec::new();
        for section in sections {
            let total = section.pages.len();
            let (w, h) = section.orientation.size();
            // A scratch writer to draw the furniture with the same helpers.
            let mut furniture = Writer {
                fonts,
                regular: self.regular.clone(),
                bold: self.bold.clone(),
                sections: vec![Section {
                    title: section.title.clone(),
                    orientation: section.orientation,
                    pages: Vec::new(),
                }],
                y: 0.0,
                logo: None,
                page_qr: None,
            };
            for (i, page) in section.pages.into_iter().enumerate() {
                let mut ops = page.ops;
                furniture.sections[0].pages = vec![Page::default()];
                // The page's own QR code (with its text), else the document's on a first page.
                let qr = match &page.qr {
                    Some(own) => Some(own.as_str()),
                    None if i == 0 => running.qr_payload.as_deref(),
                    None => None,
                };
                let text_w = if qr.is_some() {
                    w - 2.0 * MARGIN - QR_SIZE - 4.0
                } else {
                    w - 2.0 * MARGIN
                };
                let title_lines = fonts.wrap(&section.title, text_w, 11.0, true);
                let mut y = 10.0;
                for line in title_lines.iter().take(2) {
                    y += line_height(11.0);
                    furniture.text(MARGIN, y, 11.0, true, line);
                }
                let comp = fonts.wrap(&running.competition, text_w, 8.5, false);
                for line in comp.iter().take(1) {
                    y += line_height(8.5);
                    furniture.text(MARGIN, y, 8.5, false, line);
                }
                if let Some(payload) = qr {
                    furniture.qr(w - MARGIN - QR_SIZE, 6.0, QR_SIZE, payload);
                } else {
                    furniture.line(MARGIN, y + 2.0, w - MARGIN, y + 2.0, 0.6);
                }
                if let Some(own) = &page.qr {
                    // Under the code, for a person to type when no scanner reads it.
                    furniture.text_in(
                        MARGIN,
                        w - 2.0 * MARGIN,
                        6.0 + QR_SIZE + 2.6,
                        Style::new(QR_CAPTION, false, Align::Right),
                        own,
                    );
                }
                let fy = h - FOOTER + 5.0;
                furniture.line(MARGIN, fy, w - MARGIN, fy, 0.4);
                let page_of = running
                    .page_of
                    .replace("{x}", &(i + 1).to_string())
                    .replace("{y}", &total.to_string());
                let page_w = fonts.width(&page_of, 7.5, true) + 2.0;
                furniture.text_in(
                    w - MARGIN - page_w,
                    page_w,
                    fy + 4.0,
                    Style::new(7.5, true, Align::Right),
                    &page_of,
                );
                let left_w = w - 2.0 * MARGIN - page_w - 2.0;
                for (k, line) in fonts
                    .wrap(&running.footer_left, left_w, 6.5, false)
                    .iter()
                    .take(2)
                    .enumerate()
                {
                    furniture.text(MARGIN, fy + 4.0 + k as f32 * 3.0, 6.5, false, line);
                }
                for line in fonts
                    .wrap(&running.footer_hash, w - 2.0 * MARGIN, 6.0, false)
                    .iter()
                    .take(1)
                {
                    furniture.text(MARGIN, fy + 10.0, 6.0, false, line);
                }
                if let Some(organizer) = &running.footer_organizer {
                    for line in fonts
                        .wrap(organizer, w - 2.0 * MARGIN, 6.0, false)
                        .iter()
                        .take(1)
                    {
                        furniture.text(MARGIN, fy + 13.0, 6.0, false, line);
                    }
                }
                ops.extend(
                    furniture.sections[0]
                        .pages
                        .pop()
                        .map(|p| p.ops)
                        .unwrap_or_default(),
                );
                pages.push(PdfPage::new(Mm(w), Mm(h), ops));
            }
        }
        pages
    }
}

fn grey_color(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let f = fonts().expect("fonts");
        let title = "Transportation Smart: Sistem Informasi Layanan Transportasi Terpadu \
                     Berbasis Masyarakat untuk Desa/Kelurahan Sulawesi Selatan";
        let lines = f.wrap(title, 40.0, 8.0, false);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| f.width(l, 8.0, false) <= 40.0));
        assert_eq!(
            lines.join(" "),
            title.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let long = "Pemerintahkabupatenkepulauanselayardinaskesehatan";
        let lines = f.wrap(long, 15.0, 8.0, true);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| f.width(l, 8.0, true) <= 15.0));
        assert_eq!(lines.concat(), long);
    }

    #[test]
    fn bold_is_wider_and_newlines_break() {
        let f = fonts().expect("fonts");
        assert!(f.width("Sehati 2020", 10.0, true) > f.width("Sehati 2020", 10.0, false));
        assert_eq!(f.wrap("a\nb", 100.0, 8.0, false), vec!["a", "b"]);
        assert_eq!(clean("a\tb\r"), "a b ");
    }
}

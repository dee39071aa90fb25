//! How WebKit draws the app's windows on this machine: on the GPU where there is one, on the
//! CPU where there is none.
//!
//! WebKitGTK rasterises pages with Skia on the GPU by default. On a machine without a GPU
//! device (a virtual machine, a laptop whose graphics driver is missing) Mesa can still give
//! it OpenGL, but drawn in software (llvmpipe), and Skia's GPU path on software GL is slower
//! than its own CPU rasteriser: measured on the project's 2-core VM, the first frame of the
//! overview took 154 ms through llvmpipe against 19 ms on the CPU, and the whole start 25%
//! longer (README, Performance). So where no GPU render node can be opened, the app asks
//! WebKit for CPU rendering, before WebKit starts. A choice the user made in the environment
//! is left as it is.

use std::path::Path;

/// WebKitGTK's switch between its GPU and CPU rasterisers (2.46 and later).
const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Where Linux lists its graphics devices; a GPU that can render has a `renderD*` node.
const DRI: &str = "/dev/dri";

/// Which rasteriser the windows use, for the start-up benchmark to compare like with like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Renderer {
    /// WebKit's default: Skia on the GPU.
    Gpu,
    /// Skia on the CPU, chosen here because no GPU could be opened.
    Cpu,
    /// Whatever the environment already asked WebKit for.
    AsSet,
}

/// Chooses the rasteriser. Call at the very start of `main`, before any thread or window:
/// it may set an environment variable, which WebKit's processes then inherit.
pub fn choose() -> Renderer {
    if !cfg!(target_os = "linux") {
        return Renderer::Gpu;
    }
    let renderer = decide(std::env::var_os(CPU_RENDERING).is_some(), || {
        has_gpu(Path::new(DRI))
    });
    if renderer == Renderer::Cpu {
        std::env::set_var(CPU_RENDERING, "1");
    }
    renderer
}

/// The rule: the user's setting wins; otherwise CPU rendering exactly when there is no GPU.
fn decide(already_set: bool, has_gpu: impl FnOnce() -> bool) -> Renderer {
    if already_set {
        Renderer::AsSet
    } else if has_gpu() {
        Renderer::Gpu
    } else {
        Renderer::Cpu
    }
}

/// Whether `dri` holds a render node this user can open, as Mesa would to draw on the GPU
/// (a node without access leaves Mesa in software too).
fn has_gpu(dri: &Path) -> bool {
    let Ok(nodes) = std::fs::read_dir(dri) else {
        return false;
    };
    nodes.flatten().any(|node| {
        node.file_name().to_string_lossy().starts_with("renderD")
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(node.path())
                .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_users_own_setting_is_kept_whatever_the_machine_has() {
        assert_eq!(decide(true, || true), Renderer::AsSet);
        assert_eq!(decide(true, || false), Renderer::AsSet);
    }

    #[test]
    fn cpu_rendering_exactly_when_there_is_no_gpu() {
        assert_eq!(decide(false, || true), Renderer::Gpu);
        assert_eq!(decide(false, || false), Renderer::Cpu);
    }

    #[test]
    fn a_gpu_is_a_render_node_that_opens() {
        let dri = std::env::temp_dir().join(format!("panelis-dri-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dri);
        assert!(!has_gpu(&dri), "no /dev/dri at all");
        std::fs::create_dir(&dri).unwrap();
        assert!(!has_gpu(&dri), "an empty /dev/dri");
        // A display-only node (card0) is not a render node.
        std::fs::write(dri.join("card0"), b"").unwrap();
        assert!(!has_gpu(&dri));
        // A render node that cannot be opened (here: a directory) leaves Mesa in software.
        std::fs::create_dir(dri.join("renderD128")).unwrap();
        assert!(!has_gpu(&dri));
        std::fs::write(dri.join("renderD129"), b"").unwrap();
        assert!(has_gpu(&dri));
        std::fs::remove_dir_all(&dri).unwrap();
    }
}

//! Atomic file writes: a save either leaves the old file or the whole new one.
//!
//! The content goes to a temporary file in the same folder, is flushed to disk,
//! and is renamed over the target; the folder is synced so the rename survives a
//! crash. A symlink at the target is refused rather than followed, so a save never
//! writes somewhere the user did not name.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes whatever `fill` produces to `path`, atomically.
///
/// # Errors
/// I/O errors, a symlink at `path`, or an error from `fill`; the target is then
/// untouched and the temporary file removed.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Error::io(
            path,
            io::Error::other(
                "is a symbolic link; kg writes only regular files (name the link's target instead)",
            ),
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.kg-tmp-{}", std::process::id()));
    let result = (|| -> io::Result<()> {
        let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        // Persist the rename itself.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

//! Atomic file writes: a save either leaves the old file or the whole new one.
//!
//! The content goes to a temporary file in the same folder, is flushed to disk,
//! and is renamed over the target; the folder is synced so the rename survives a
//! crash. A symlink at the target is refused rather than followed, so a save never
//! writes somewhere the user did not name.
//!
//! A process killed inside a save leaves its temporary file behind, named after
//! it (`.g.json.kg-tmp-PID`); nothing else would ever remove it, so each save
//! first clears those of its target whose writer is gone (`clear_stale`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::error::{Error, Result};

/// Between the target's name and the writer's process id in a temporary file's name.
const TEMP_MARK: &str = ".kg-tmp-";

/// Writes whatever `fill` produces to `path`, atomically.
///
/// # Errors
/// I/O errors, a symlink at `path`, or an error from `fill`; the target is then
/// untouched and the temporary file removed.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    write_atomic_guarded(path, fill, false, || Ok(()))
}

/// [`write_atomic`], with `guard` run just before the new content is written
/// and renamed into place, all under an advisory lock (`flock`) on the target's
/// folder that every kg writer takes. `guard` sees the target as no other kg
/// can change it until the rename, so a check there ("is the file still what
/// we loaded?") cannot be overtaken by another kg's save.
///
/// The new file keeps the old one's permissions, owner and group (where the
/// system allows). A read-only file, or one with several hard links (which a
/// rename would split), is replaced only with `force`.
///
/// # Errors
/// As [`write_atomic`], and whatever `guard` returns (nothing is written then).
pub fn write_atomic_guarded(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    force: bool,
    guard: impl FnOnce() -> Result<()>,
) -> Result<()> {
    check_target(path, force)?;
    let _lock = FolderLock::take(&folder(path))?;
    guard()?;
    stage(path, fill)?.commit()
}

/// Writes several files, all or none: every one is written to its temporary
/// file first, and only when all of them are complete are they renamed into
/// place. A failure while writing (a full disk, an error from a `fill`) leaves
/// every target as it was. (The renames themselves cannot fail on a folder
/// that took the temporary files, short of the machine stopping between two.)
///
/// # Errors
/// As [`write_atomic`], for the first file that fails.
pub fn write_atomic_all(files: Vec<(&Path, Fill<'_>)>) -> Result<()> {
    write_atomic_all_guarded(files, false, || Ok(()))
}

/// [`write_atomic_all`], with `guard` run under the folders' locks before
/// anything is written (as [`write_atomic_guarded`] does for one file), and
/// read-only or multiply linked targets replaced only with `force`.
///
/// # Errors
/// As [`write_atomic_all`], and whatever `guard` returns (nothing is written then).
pub fn write_atomic_all_guarded(
    files: Vec<(&Path, Fill<'_>)>,
    force: bool,
    guard: impl FnOnce() -> Result<()>,
) -> Result<()> {
    for (path, _) in &files {
        check_target(path, force)?;
    }
    let _locks: Vec<FolderLock> = {
        let mut dirs: Vec<PathBuf> = files.iter().map(|(p, _)| folder(p)).collect();
        dirs.sort();
        dirs.dedup();
        dirs.iter()
            .map(|d| FolderLock::take(d))
            .collect::<Result<_>>()?
    };
    guard()?;
    let mut staged = Vec::with_capacity(files.len());
    for (path, fill) in files {
        staged.push(stage(path, fill)?);
    }
    for s in staged {
        s.commit()?;
    }
    Ok(())
}

/// What fills one file of [`write_atomic_all`].
pub type Fill<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

/// Refuses what a writer must not replace: links, folders, devices, FIFOs;
/// read-only files and hard links unless `force`.
fn check_target(path: &Path, force: bool) -> Result<()> {
    let Ok(m) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    let kind = m.file_type();
    let refusal = if kind.is_symlink() {
        Some("is a symbolic link; kg writes only regular files (name the link's target instead)")
    } else if kind.is_dir() {
        Some("is a folder; kg writes only regular files")
    } else if !kind.is_file() {
        // Renaming over a device or a FIFO would replace it with a file:
        // /dev/full turned into a regular file is a broken machine.
        Some("is not a regular file (a device, FIFO or socket); kg replaces only regular files (leave out -o to write to stdout)")
    } else {
        None
    };
    if let Some(why) = refusal {
        return Err(Error::io(path, io::Error::other(why)));
    }
    if !force && m.permissions().readonly() {
        return Err(Error::io(
            path,
            io::Error::other(
                "is read-only; kg replaces it only when told to (save --force), or write elsewhere",
            ),
        ));
    }
    if !force && m.nlink() > 1 {
        return Err(Error::io(
            path,
            io::Error::other(format!(
                "has {} hard links, which replacing it would split; kg replaces it only when told to (save --force), or write elsewhere",
                m.nlink()
            )),
        ));
    }
    Ok(())
}

/// The folder a file is in (`.` for a bare name).
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An advisory lock on a folder, held by every kg writer from its check to its
/// rename; released on drop. A folder that cannot be opened for reading is
/// written without one.
struct FolderLock {
    _file: Option<File>,
}

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock> {
        let f = File::open(dir).ok();
        if let Some(l) = &f {
            l.lock().map_err(|e| Error::io(dir, e))?;
        }
        Ok(FolderLock { _file: f })
    }
}

/// The start of the temporary files' names for `name`: `.NAME.kg-tmp-`, or for
/// a name so long that its temporary name would pass the 255 bytes a file name
/// may have, a hash of it instead.
fn temp_prefix(name: &str) -> String {
    let plain = format!(".{name}{TEMP_MARK}");
    if plain.len() + 10 <= 255 {
        return plain;
    }
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    name.hash(&mut h);
    format!(".{:016x}{TEMP_MARK}", h.finish())
}

/// A complete temporary file waiting to be renamed over its target; removed if
/// dropped uncommitted.
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
    _claim: Claim,
}

/// Writes `fill`'s output to a temporary file beside `path`, with the old
/// file's mode, owner and group, flushed to disk.
fn stage(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Staged> {
    let old = fs::metadata(path).ok().filter(|m| m.is_file());
    let dir = folder(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = temp_prefix(&name);
    let tmp = dir.join(format!("{prefix}{}", std::process::id()));
    // Before creating ours: a leftover under our own id (a dead process that had
    // it before us) would otherwise make `create_new` fail.
    clear_stale(&dir, &prefix);
    let claim = Claim::new(tmp.clone());
    // Not removed on failure: if it exists, it is not ours to remove. A folder
    // we may not write in is the folder's fault, not the file's.
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => Error::io(
                &dir,
                io::Error::other("cannot create a file in this folder (permission denied)"),
            ),
            _ => Error::io(path, e),
        })?;
    let staged = Staged {
        tmp,
        target: path.to_path_buf(),
        done: false,
        _claim: claim,
    };
    let result = (|| -> io::Result<()> {
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        // The old file's mode, owner and group: a 0600 graph stays private.
        if let Some(m) = &old {
            file.set_permissions(m.permissions())?;
            let _ = std::os::unix::fs::fchown(&file, Some(m.uid()), Some(m.gid()));
        }
        file.sync_all()
    })();
    result.map_err(|e| Error::io(path, e))?;
    Ok(staged)
}

impl Staged {
    /// Renames the file into place and syncs the folder, so the rename survives a crash.
    fn commit(mut self) -> Result<()> {
        fs::rename(&self.tmp, &self.target).map_err(|e| Error::io(&self.target, e))?;
        self.done = true;
        if let Ok(d) = File::open(folder(&self.target)) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Temporary files this process is writing now. Two threads saving the same
/// target share a temporary name, so the id in the name cannot tell our
/// in-flight file from one a dead process with our id left; this can.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    // The list stays consistent whatever panicked while it was held.
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Marks a temporary file as being written by this process, until dropped.
struct Claim(PathBuf);

impl Claim {
    fn new(tmp: PathBuf) -> Claim {
        in_flight().push(tmp.clone());
        Claim(tmp)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut claims = in_flight();
        if let Some(i) = claims.iter().position(|p| *p == self.0) {
            claims.swap_remove(i);
        }
    }
}

/// Removes the temporary files of earlier saves of `dir/name` that will never be
/// renamed, because the process writing them is gone.
///
/// Deleting the temporary file of a save still in progress would make that save
/// fail (its rename finds nothing; its target stays as it was), so a file is
/// removed only when its writer is known to be gone:
///
/// - under our own process id: when no thread of ours is writing it (we own
///   that id now, so whoever used it before us is dead);
/// - on Linux, under another id: when the file is ours (same owner; with `/proc`
///   mounted `hidepid`, other users' live processes look absent) and
///   `/proc/PID` does not exist. Ids are reused, so a dead writer may look
///   alive, which only keeps the file a while longer. The other way round needs
///   a writer invisible to our `/proc`: a kg in another PID namespace or on
///   another host saving into the same folder under the same user. Its save then
///   fails with an error and leaves its target intact; no data is lost.
/// - elsewhere, with no `/proc` to ask: when it has not been written to for
///   [`UNTOUCHED`]. A save writes its temporary file from start to rename without
///   long pauses, so an hour of silence means its writer is gone.
///
/// Failures are ignored: leftovers are untidy, not wrong, and the save matters more.
fn clear_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(process_id)
        else {
            continue;
        };
        let tmp = entry.path();
        if pid == me {
            // Held while removing, so no thread of ours can claim it meanwhile.
            let claims = in_flight();
            if !claims.contains(&tmp) {
                let _ = fs::remove_file(&tmp);
            }
        } else if abandoned(&tmp, pid) {
            let _ = fs::remove_file(&tmp);
        }
    }
}

/// The process id ending a temporary file's name: digits only, as written.
fn process_id(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// How long a temporary file must go unwritten to count as abandoned where
/// there is no `/proc` to ask whether its writer still runs.
const UNTOUCHED: Duration = Duration::from_secs(60 * 60);

/// Whether the temporary file `tmp`, written by process `pid` (not us), will
/// never be renamed. Anything that is not a plain file is left alone.
fn abandoned(tmp: &Path, pid: u32) -> bool {
    let Ok(meta) = fs::symlink_metadata(tmp) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match writer_gone(pid, &meta) {
        Some(gone) => gone,
        None => meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= UNTOUCHED),
    }
}

/// Whether process `pid`, which wrote a file with metadata `meta`, has exited;
/// `None` when `/proc` cannot tell.
#[cfg(target_os = "linux")]
fn writer_gone(pid: u32, meta: &fs::Metadata) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    // `/proc/self` belongs to our user; its absence means no procfs to ask.
    let me = fs::metadata("/proc/self").ok()?;
    if meta.uid() != me.uid() {
        return Some(false);
    }
    match Path::new("/proc").join(pid.to_string()).try_exists() {
        Ok(alive) => Some(!alive),
        Err(_) => Some(false),
    }
}

#[cfg(not(target_os = "linux"))]
fn writer_gone(_pid: u32, _meta: &fs::Metadata) -> Option<bool> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(label: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "kg-atomic-{label}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn only_digits_make_a_process_id() {
        assert_eq!(process_id("123"), Some(123));
        for bad in ["", "+1", "-1", "12a", "1 ", "99999999999"] {
            assert_eq!(process_id(bad), None, "{bad:?}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_clears_leftovers_of_gone_writers_and_keeps_the_rest() {
        let dir = scratch("stale");
        let target = dir.join("g.json");
        let me = std::process::id();
        // Gone: a pid beyond any pid_max, and our own (nobody here is writing it).
        fs::write(dir.join(".g.json.kg-tmp-4194303"), "x").unwrap();
        fs::write(dir.join(format!(".g.json.kg-tmp-{me}")), "x").unwrap();
        // Kept: a live writer (pid 1 always runs), another graph's, odd names.
        let keep = [
            ".g.json.kg-tmp-1".to_string(),
            ".h.json.kg-tmp-4194303".to_string(),
            ".g.json.kg-tmp-4194303x".to_string(),
            "g.json.kg-tmp-4194303".to_string(),
        ];
        for k in &keep {
            fs::write(dir.join(k), "x").unwrap();
        }
        fs::create_dir(dir.join(".g.json.kg-tmp-4194302")).unwrap();
        write_atomic(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let mut want: Vec<String> = keep.to_vec();
        want.push(".g.json.kg-tmp-4194302".into());
        want.push("g.json".into());
        want.sort();
        assert_eq!(names(&dir), want);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_we_are_writing_is_not_ours_to_clear() {
        let dir = scratch("claimed");
        let tmp = dir.join(format!(".g.json{TEMP_MARK}{}", std::process::id()));
        fs::write(&tmp, "in flight").unwrap();
        let claim = Claim::new(tmp.clone());
        clear_stale(&dir, &temp_prefix("g.json"));
        assert!(tmp.exists(), "an in-flight temporary file was removed");
        drop(claim);
        clear_stale(&dir, &temp_prefix("g.json"));
        assert!(!tmp.exists(), "an unclaimed leftover under our id stayed");
        let _ = fs::remove_dir_all(&dir);
    }
}

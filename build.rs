//! Stamps the commit into `kg --version`: `KG_VERSION` is the package version
//! and the short hash of the commit built, with `-dirty` when the work tree had
//! changes, or `unknown` where there is no git or no repository (a tarball build
//! still compiles).
//!
//! Cargo reruns this when HEAD moves (a commit, a checkout), when the branch it
//! points to moves, when the index changes, and when a source file changes (so
//! `-dirty` follows edits).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let commit = commit().unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=KG_VERSION={version} ({commit})");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    for p in git_files() {
        println!("cargo:rerun-if-changed={}", p.display());
    }
}

/// `git` with `args` in the package's folder: its trimmed output, if it ran and succeeded.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// The short hash of HEAD, `-dirty` added when tracked files differ from it.
fn commit() -> Option<String> {
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    if hash.is_empty() {
        return None;
    }
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{hash}-dirty") } else { hash })
}

/// The files whose change means another commit or another state of the index:
/// HEAD, the ref it points to (loose, or packed-refs), the index. A worktree's
/// HEAD and index are in its own git folder, its refs in the common one.
fn git_files() -> Vec<PathBuf> {
    let dir = |args: &[&str]| git(args).map(|d| absolute(Path::new(&d)));
    let (Some(git_dir), Some(common)) = (
        dir(&["rev-parse", "--git-dir"]),
        dir(&["rev-parse", "--git-common-dir"]),
    ) else {
        return Vec::new();
    };
    let mut files = vec![git_dir.join("HEAD"), git_dir.join("index")];
    if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
        files.push(common.join(r));
    }
    files.push(common.join("packed-refs"));
    files.retain(|p| p.exists());
    files
}

/// `p` from the package's folder, as git prints relative folders.
fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
    }
}

//! `.kgb` snapshots: a whole graph in one binary file that loads far faster than
//! parsing its sources (`kg build INPUT... -o GRAPH.kgb`, then `--graph GRAPH.kgb`).
//!
//! Layout:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | signature `\x89KGB\r\n\x1a\n` (binary-safe: a text-mode copy breaks it visibly) |
//! | 4 | format version, little-endian (this kg writes and reads [`VERSION`]) |
//! | 4 | flags, 0 |
//! | n | payload (see `model::snapshot`): the graph, then from byte k on the traversal index |
//! | 8 | payload length n |
//! | 8 | k, where the traversal index begins in the payload |
//! | 4 | CRC-32 (IEEE) of the payload |
//! | 4 | end marker `KGB.` |
//!
//! The two parts of the payload are read side by side, each on a thread of its
//! own with a checksum of its own, and the two checksums are combined into the
//! payload's: about half the payload of a large graph is its traversal index, so
//! on two free cores the file opens in about the time of its larger part.
//!
//! A file that is not a snapshot, is of another version, was cut short or was
//! damaged is refused with a message that says which, before anything of it
//! reaches the store.

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::model::snapshot::{self as payload, DecodeError, Decoder, Encoder};
use crate::model::KnowledgeGraph;
use crate::progress::Progress;

/// The file extension of snapshots (what `--graph` recognises them by).
pub const EXTENSION: &str = "kgb";
/// The signature every snapshot starts with.
pub const MAGIC: [u8; 8] = *b"\x89KGB\r\n\x1a\n";
/// The format version this kg writes and reads.
pub const VERSION: u32 = 5;
const END: [u8; 4] = *b"KGB.";
const HEADER: u64 = 16;
const TRAILER: u64 = 24;

fn rebuild_hint(path: &Path) -> String {
    format!(
        "rebuild it from its sources: kg build INPUT... -o {}",
        path.display()
    )
}

fn refuse(path: &Path, message: String, hint: String) -> Error {
    Error::Invalid(vec![
        Problem::new(format!("{}: {message}", path.display())).hint(hint)
    ])
}

/// Writes `g` as a snapshot to `w` (the caller makes the write atomic).
///
/// # Errors
/// Any I/O error from `w`.
pub fn write(w: &mut dyn Write, g: &KnowledgeGraph, progress: &Progress) -> io::Result<()> {
    let compacted;
    let g = if g.has_holes() {
        compacted = g.compacted();
        &compacted
    } else {
        g
    };
    let mut w = ProgressWriter { w, progress };
    w.write_all(&MAGIC)?;
    w.write_all(&VERSION.to_le_bytes())?;
    w.write_all(&0u32.to_le_bytes())?;
    let mut e = Encoder::new(&mut w);
    payload::write(g, &mut e)?;
    let index_at = e.len();
    payload::write_index(g, &mut e)?;
    let (len, crc) = e.finish();
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&index_at.to_le_bytes())?;
    w.write_all(&crc.to_le_bytes())?;
    w.write_all(&END)?;
    w.flush()
}

/// Counts bytes written on the progress bar.
struct ProgressWriter<'a> {
    w: &'a mut dyn Write,
    progress: &'a Progress,
}

impl Write for ProgressWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.w.write(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Whether `path` starts with the snapshot signature.
pub fn is_snapshot(path: &Path) -> bool {
    let mut magic = [0u8; 8];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == MAGIC)
}

/// Reads a snapshot.
///
/// # Errors
/// `Error::Io` when the file cannot be read; `Error::Invalid` with one problem
/// when it is not a snapshot, of another version, truncated or corrupt.
pub fn read(path: &Path, progress: &Progress) -> Result<KnowledgeGraph> {
    let io_err = |e| Error::io(path, e);
    super::regular_file(path).map_err(io_err)?;
    let mut f = File::open(path).map_err(io_err)?;
    let size = f.metadata().map_err(io_err)?.len();
    let mut header = [0u8; HEADER as usize];
    let got = read_up_to(&mut f, &mut header).map_err(io_err)?;
    if got < MAGIC.len() || header[..8] != MAGIC {
        return Err(refuse(
            path,
            "not a kg snapshot (it does not start with the .kgb signature)".into(),
            "a .kgb file is a binary graph written by kg build INPUT... -o GRAPH.kgb; \
             name graph files of other kinds by their own extension"
                .into(),
        ));
    }
    if (got as u64) < HEADER {
        return Err(truncated(path, size));
    }
    let version = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    if version != VERSION {
        return Err(refuse(
            path,
            format!("kg snapshot of format version {version}; this kg reads version {VERSION}"),
            rebuild_hint(path),
        ));
    }
    if size < HEADER + TRAILER {
        return Err(truncated(path, size));
    }
    let mut trailer = [0u8; TRAILER as usize];
    ReadAt {
        file: &f,
        at: size - TRAILER,
    }
    .read_exact(&mut trailer)
    .map_err(io_err)?;
    let word = |i: usize| u64::from_le_bytes(trailer[i..i + 8].try_into().expect("8 bytes"));
    let (len, index_at) = (word(0), word(8));
    let crc = u32::from_le_bytes(trailer[16..20].try_into().expect("4 bytes"));
    if trailer[20..] != END
        || HEADER.checked_add(len).and_then(|x| x.checked_add(TRAILER)) != Some(size)
    {
        return Err(truncated(path, size));
    }
    let corrupt = |what: String| {
        refuse(
            path,
            format!("kg snapshot is corrupt ({what})"),
            rebuild_hint(path),
        )
    };
    if index_at > len {
        return Err(corrupt(
            "the traversal index begins past the end of the payload".into(),
        ));
    }
    progress.step(
        &format!(
            "reading {}",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ),
        len,
    );
    let (graph, index) = std::thread::scope(|s| {
        let index = s.spawn(|| {
            let part = Part::read(
                &f,
                HEADER + index_at,
                len - index_at,
                progress,
                payload::read_index,
            );
            // Bounded here, beside the first part: the checks need no other section.
            part.map(payload::RawIndex::check)
        });
        let graph = Part::read(&f, HEADER, index_at, progress, payload::read).map(payload::prepare);
        let index = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (graph, index)
    });
    let mut crc_of_both = graph.crc;
    crc_of_both.combine(&index.crc);
    let (got_crc, left) = (crc_of_both.finalize(), graph.left + index.left);
    if let Some(e) = graph.drain_error.or(index.drain_error) {
        return Err(if e.kind() == io::ErrorKind::UnexpectedEof {
            truncated(path, size)
        } else {
            io_err(e)
        });
    }
    let sections = match graph.result.and_then(|g| index.result.map(|i| (g, i))) {
        Ok(s) if left == 0 && got_crc == crc => s,
        Ok(_) if left != 0 => return Err(corrupt(format!("{left} bytes left over"))),
        Ok(_) => return Err(corrupt("checksum mismatch".into())),
        Err(DecodeError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
            return Err(truncated(path, size))
        }
        Err(DecodeError::Io(e)) => return Err(io_err(e)),
        // A damaged byte usually shows as a bad length or value before the checksum.
        Err(DecodeError::Corrupt(_)) if got_crc != crc => {
            return Err(corrupt("checksum mismatch".into()))
        }
        Err(DecodeError::Corrupt(what)) => return Err(corrupt(what)),
    };
    let (graph, index) = sections;
    payload::attach(graph.map_err(&corrupt)?, index.map_err(&corrupt)?).map_err(corrupt)
}

/// One part of a payload as read: what it decoded to, its checksum and the
/// bytes of it left unread (and, after a decoding error, why the rest of it
/// could not be read into the checksum).
struct Part<T> {
    result: std::result::Result<T, DecodeError>,
    crc: crc32fast::Hasher,
    left: u64,
    drain_error: Option<io::Error>,
}

impl<T> Part<T> {
    /// Decodes the `len` bytes of `file` from `at` with `decode`. After a
    /// decoding error the rest of the part still goes into the checksum, which
    /// tells damage (a mismatch) from a writer's bug.
    fn read(
        file: &File,
        at: u64,
        len: u64,
        progress: &Progress,
        decode: impl FnOnce(&mut Decoder) -> std::result::Result<T, DecodeError>,
    ) -> Self {
        // A small buffer: the large arrays are read in chunks bigger than it,
        // which go from the file straight into the decoder's chunk, not through it.
        let mut r = BufReader::with_capacity(1 << 16, ReadAt { file, at });
        let mut d = Decoder::new(&mut r, len, progress);
        let result = decode(&mut d);
        let drain_error = match result {
            Err(DecodeError::Corrupt(_)) => d.drain().err(),
            _ => None,
        };
        let (crc, left) = d.finish();
        Part {
            result,
            crc,
            left,
            drain_error,
        }
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> Part<U> {
        Part {
            result: self.result.map(f),
            crc: self.crc,
            left: self.left,
            drain_error: self.drain_error,
        }
    }
}

/// Reads a file from a position of its own, leaving the file's cursor alone, so
/// that two threads can read two parts of one open file.
struct ReadAt<'f> {
    file: &'f File,
    at: u64,
}

impl Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

fn truncated(path: &Path, size: u64) -> Error {
    refuse(
        path,
        format!("kg snapshot is truncated ({size} bytes): it was cut short while being written or copied"),
        rebuild_hint(path),
    )
}

/// Reads as much of `buf` as the file holds.
fn read_up_to(f: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

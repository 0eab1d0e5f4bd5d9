//! Output files written atomically, also when the run is interrupted.
//!
//! Invariants:
//! - An output path holds either its old content or the complete new content, never part of it:
//!   bytes go to a temp file `.NAME.tmpPID` in the same directory, renamed over `NAME` on commit.
//!   A FIFO or a device (`-o /dev/stdout`) is written in place instead: renaming over it would
//!   replace the special file with a regular one and its reader would get nothing.
//! - A temp file is removed when its writer is dropped uncommitted (an error) and when the process
//!   gets SIGINT/SIGTERM (Ctrl-C): the handler removes every registered temp file, then exits 130.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

/// Temp files being written now; the interrupt handler removes them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit status after an interrupt (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Install the Ctrl-C/SIGTERM handler (once per process; later calls do nothing).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
        for tmp in pending.iter() {
            let _ = std::fs::remove_file(tmp);
        }
        eprintln!("toponym: interrupted");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

fn unregister(tmp: &Path) {
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    pending.retain(|p| p != tmp);
}

/// A file being written; `commit` moves it into place.
pub struct AtomicFile {
    path: PathBuf,
    /// `None` for a FIFO or device written in place.
    tmp: Option<PathBuf>,
    file: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> anyhow::Result<AtomicFile> {
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(AtomicFile { path: path.to_path_buf(), tmp: None, file: Some(BufWriter::new(file)) });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
        // Registered before it exists, so an interrupt between the two cannot leave it behind.
        PENDING.lock().unwrap_or_else(|p| p.into_inner()).push(tmp.clone());
        match std::fs::File::create(&tmp) {
            Ok(f) => Ok(AtomicFile {
                path: path.to_path_buf(),
                tmp: Some(tmp),
                file: Some(BufWriter::with_capacity(1 << 16, f)),
            }),
            Err(e) => {
                unregister(&tmp);
                Err(e).with_context(|| format!("cannot write {}", path.display()))
            }
        }
    }

    /// Flush and rename over the target path.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let file = self.file.take().expect("commit consumes the writer, so it is still open");
        let file = file.into_inner().map_err(|e| e.into_error());
        let Some(tmp) = self.tmp.take() else {
            return file.map(drop).with_context(|| format!("writing {}", self.path.display()));
        };
        let renamed =
            file.and_then(|f| f.sync_all()).with_context(|| format!("writing {}", self.path.display())).and_then(
                |_| std::fs::rename(&tmp, &self.path).with_context(|| format!("renaming to {}", self.path.display())),
            );
        if renamed.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        unregister(&tmp);
        renamed
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("open until commit").write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open until commit").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp)) = (self.file.take(), &self.tmp) {
            let _ = std::fs::remove_file(tmp);
            unregister(tmp);
        }
    }
}

/// Write bytes to a file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).with_context(|| format!("writing {}", path.display()))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_a_dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        assert!(!path.exists());
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "temp file removed");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"whole").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(!PENDING.lock().unwrap().iter().any(|p| p.starts_with(dir.path())), "unregistered");
    }

    #[test]
    fn an_unwritable_directory_is_an_error_naming_the_output() {
        let err = write_atomic(Path::new("/nonexistent-dir/x.png"), b"x").unwrap_err();
        assert!(err.to_string().contains("/nonexistent-dir/x.png"), "{err}");
    }
}

//! Output files that cannot be hijacked or lost: every file toponym writes (results, GeoJSON,
//! styles, maps, gazetteers, caches) goes through here.
//!
//! Invariants:
//! - A regular output holds either its old content or the complete new content, never part of
//!   it: bytes go to a temp file in the same directory, renamed over the output on commit.
//! - Replacing a regular file keeps its permission bits (and, where the process may, its owner
//!   and group; when the group cannot be kept, the group bits are dropped): a private file stays
//!   private. A new output gets 0666 less the umask, as `File::create` gives it.
//! - A temp file is created exclusively (`O_EXCL`) under an unpredictable name
//!   `.NAME.tmpPID.RANDOM` (the `tempfile` crate), so a file or link planted in a shared
//!   directory is never opened; a link at the output path itself is replaced, never followed.
//! - A special file (FIFO, terminal, `/dev/null`) or a descriptor link (`/dev/stdout`,
//!   `/dev/fd/N`, `/proc/self/fd/N`) is written in place, appending: renaming over it would
//!   replace it and its reader would get nothing; appending honours a `>>` redirection.
//! - An [`OutputSet`] commits all its outputs or none: every temp file is complete and synced
//!   before the first rename, and a rename that still fails puts back the outputs renamed before it.
//! - Temp files never outlive their writer unnoticed: an uncommitted writer removes its temp file
//!   when dropped; SIGINT/SIGTERM remove every temp file of the process (see
//!   [`remove_pending_temp_files`]); a writer holds a lock on its temp file, so a later writer of
//!   the same output removes temp files nobody holds once they are [`STALE_AFTER`] old (those of
//!   killed processes), and never anything else (links, other outputs' temp files).

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tempfile::NamedTempFile;

/// A temp file nobody holds a lock on is left alone until it is this old: a writer takes its
/// lock right after creating the file, and this leaves that moment a wide margin.
pub const STALE_AFTER: Duration = Duration::from_secs(10);

/// Temp files being written by this process; the interrupt handler removes them.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|p| p.into_inner())
}

fn unregister(tmp: &Path) {
    pending().retain(|p| p != tmp);
}

/// Remove every temp file this process is writing (for an interrupt handler, right before the
/// process exits). Holds the registry until the process exits, so no commit runs meanwhile: a
/// commit in progress finishes first (renames are quick), then its outputs are complete.
pub fn remove_pending_temp_files() {
    let pending = pending();
    for tmp in pending.iter() {
        let _ = fs::remove_file(tmp);
    }
    std::mem::forget(pending);
}

/// An io::Error that names the output, keeping its kind (so a closed pipe is still recognised).
fn named(what: &str, path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// The directory an output lives in (`.` for a bare file name).
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// How an output path is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A regular file (or nothing yet): temp file, then rename.
    Replace,
    /// A special file or a descriptor: written in place.
    InPlace,
}

/// Whether `path` names an open descriptor: it, or a link on the way to it, lies in a
/// `/proc/PID/fd` directory (`/dev/stdout` -> `/proc/self/fd/1`, `/dev/fd/1`).
pub fn is_descriptor_path(path: &Path) -> bool {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        let dir = dir_of(&p).to_path_buf();
        if let Ok(real) = fs::canonicalize(&dir) {
            if real.starts_with("/proc") && real.file_name().is_some_and(|n| n == "fd") {
                return true;
            }
        }
        match fs::read_link(&p) {
            Ok(target) => p = dir.join(target),
            Err(_) => return false,
        }
    }
    false
}

/// How `path` is written (see the module invariants). Only descriptor links are followed: a
/// link to a device planted at the output path is replaced like any other link.
pub fn output_kind(path: &Path) -> io::Result<OutputKind> {
    if is_descriptor_path(path) {
        return Ok(OutputKind::InPlace);
    }
    if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, format!("{} is a directory", path.display())));
    }
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() && !m.file_type().is_symlink() => Ok(OutputKind::InPlace),
        _ => Ok(OutputKind::Replace),
    }
}

/// The file an output path will be once renamed into place: its directory resolved, its own
/// name kept (a link at the path is replaced, not followed). Two outputs are the same file when
/// these are equal. `None` when the directory does not exist.
pub fn output_identity(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    Some(fs::canonicalize(dir_of(path)).ok()?.join(name))
}

/// Whether two output paths name the same file.
pub fn same_output(a: &Path, b: &Path) -> bool {
    match (output_identity(a), output_identity(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Temp files of `name` in `dir` are `.NAME.tmp` + a process id + `.RANDOM` (older versions
/// wrote `.NAME.tmpPID`).
fn temp_prefix(name: &OsString) -> String {
    format!(".{}.tmp", name.to_string_lossy())
}

fn is_temp_name(file: &str, prefix: &str) -> bool {
    let Some(rest) = file.strip_prefix(prefix) else { return false };
    let (pid, random) = rest.split_once('.').unwrap_or((rest, ""));
    !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && random.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Remove temp files of the output `name` in `dir` that were left by killed processes: regular
/// files (never links), at least `older_than` old, on which nobody holds a lock.
pub fn remove_stale_temp_files(dir: &Path, name: &OsString, older_than: Duration) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if !is_temp_name(&entry.file_name().to_string_lossy(), &prefix) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        let age = meta.modified().ok().and_then(|t| t.elapsed().ok());
        if !meta.is_file() || age.is_none_or(|a| a < older_than) {
            continue;
        }
        // Unlinking removes the name, never a link's target, so a file swapped for a link in
        // the meantime cannot make this remove anything else.
        let Ok(file) = File::open(&path) else { continue };
        if file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

enum Stage {
    /// A temp file beside the output, renamed over it on commit.
    Temp(BufWriter<NamedTempFile>),
    /// A special file or descriptor, written as bytes come.
    InPlace(BufWriter<File>),
    /// A special file or descriptor written on commit (an [`OutputSet`] entry given whole).
    Deferred(Vec<u8>),
}

/// One output being written; nothing is visible at its path until [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    stage: Option<Stage>,
}

impl AtomicFile {
    /// Start writing `path`. Fails (naming `path`) when its directory is missing or not writable,
    /// or when it is a directory.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let stage = match output_kind(path)? {
            OutputKind::InPlace => Stage::InPlace(BufWriter::new(open_in_place(path)?)),
            OutputKind::Replace => Stage::Temp(BufWriter::with_capacity(1 << 16, create_temp(path)?)),
        };
        Ok(AtomicFile { path: path.to_path_buf(), stage: Some(stage) })
    }

    fn create_whole(path: &Path, bytes: &[u8]) -> io::Result<AtomicFile> {
        if output_kind(path)? == OutputKind::InPlace {
            return Ok(AtomicFile { path: path.to_path_buf(), stage: Some(Stage::Deferred(bytes.to_vec())) });
        }
        let mut file = AtomicFile::create(path)?;
        file.write_all(bytes)?;
        Ok(file)
    }

    /// The output path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush and move into place.
    pub fn commit(self) -> io::Result<()> {
        let mut set = OutputSet::new();
        set.files.push(self);
        set.commit()
    }

    /// Write out everything but the rename: afterwards only a rename is left to do.
    fn finish(&mut self) -> io::Result<Option<NamedTempFile>> {
        let written = match self.stage.take().expect("finished once") {
            Stage::Temp(w) => {
                let tmp = w.into_inner().map_err(|e| e.into_error())?;
                keep_permissions(&self.path, tmp.as_file())?;
                tmp.as_file().sync_all()?;
                Ok(Some(tmp))
            }
            Stage::InPlace(w) => w.into_inner().map_err(|e| e.into_error()).map(|_| None),
            Stage::Deferred(bytes) => open_in_place(&self.path)?.write_all(&bytes).map(|_| None),
        };
        written.map_err(|e| named("writing", &self.path, e))
    }
}

/// Give the temp file of `path` the permissions (and, where the process may, the owner and
/// group) of the regular file it is about to replace, so replacing a private file never widens
/// who can read it. A new output keeps what [`create_exclusive`] gave it (0666 less the umask).
/// When the group cannot be kept, the group's permission bits are dropped: they would otherwise
/// apply to another group. Set-id and sticky bits are never copied.
#[cfg(unix)]
fn keep_permissions(path: &Path, tmp: &File) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // A link at the path is replaced, not followed: its target's mode is none of our business.
    let Ok(old) = fs::symlink_metadata(path) else { return Ok(()) };
    if !old.is_file() {
        return Ok(());
    }
    let mine = tmp.metadata()?;
    if mine.uid() != old.uid() || mine.gid() != old.gid() {
        // Only root may give a file away; any owner may pass it to a group it belongs to.
        if std::os::unix::fs::fchown(tmp, Some(old.uid()), Some(old.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(tmp, None, Some(old.gid()));
        }
    }
    let mut mode = old.mode() & 0o777;
    if tmp.metadata()?.gid() != old.gid() {
        mode &= !0o070;
    }
    tmp.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _tmp: &File) -> io::Result<()> {
    Ok(())
}

fn open_in_place(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new().append(true).open(path).map_err(|e| named("cannot write", path, e))
}

/// Create the temp file of `path` (see the module invariants), lock it, register it for the
/// interrupt handler, and remove stale temp files of the same output.
fn create_temp(path: &Path) -> io::Result<NamedTempFile> {
    let dir = dir_of(path);
    let name = path.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "out".into());
    let prefix = format!("{}{}.", temp_prefix(&name), std::process::id());
    let tmp = {
        // Registered while the registry is held, so an interrupt cannot come in between.
        let mut pending = pending();
        let tmp = tempfile::Builder::new()
            .prefix(&prefix)
            .rand_bytes(6)
            .make_in(dir, create_exclusive)
            .map_err(|e| named("cannot write", path, e))?;
        pending.push(tmp.path().to_path_buf());
        tmp
    };
    // Where locks are not supported, the file is merely never taken for stale.
    let _ = tmp.as_file().try_lock();
    remove_stale_temp_files(dir, &name, STALE_AFTER);
    Ok(tmp)
}

/// Create a new file, failing if anything (a file, a link) is at `path` (`O_CREAT|O_EXCL`), with
/// the permissions `File::create` gives (0666 less the umask; `tempfile`'s own are owner-only).
fn create_exclusive(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    options.open(path)
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = match self.stage.as_mut().expect("open until commit") {
            Stage::Temp(w) => w.write(buf),
            Stage::InPlace(w) => w.write(buf),
            Stage::Deferred(v) => v.write(buf),
        };
        written.map_err(|e| named("writing", &self.path, e))
    }
    fn flush(&mut self) -> io::Result<()> {
        let flushed = match self.stage.as_mut().expect("open until commit") {
            Stage::Temp(w) => w.flush(),
            Stage::InPlace(w) => w.flush(),
            Stage::Deferred(_) => Ok(()),
        };
        flushed.map_err(|e| named("writing", &self.path, e))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(Stage::Temp(w)) = self.stage.take() {
            // Dropping the temp file removes it; a write error while flushing does not matter.
            discard(w.into_parts().0);
        }
    }
}

/// Several outputs of one command, committed together: all or none (see the module invariants).
///
/// ```no_run
/// # fn main() -> std::io::Result<()> {
/// use std::path::Path;
/// let mut outputs = toponym::atomic::OutputSet::new();
/// outputs.add(Path::new("map.png"), b"...png bytes...")?;
/// outputs.add(Path::new("story.geojson"), b"{...}")?;
/// outputs.commit()?; // both files appear, or neither changes
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct OutputSet {
    files: Vec<AtomicFile>,
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> OutputSet {
        OutputSet::default()
    }

    fn check_new(&self, path: &Path) -> io::Result<()> {
        if self.files.iter().any(|f| same_output(&f.path, path)) {
            let message = format!("{} is named for two outputs", path.display());
            return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        }
        Ok(())
    }

    /// Check, before any work is done, that `paths` can all be written as one set: no path named
    /// twice, none a directory, every directory present. Creates nothing; [`OutputSet::add`]
    /// checks again (and the directory's permissions) when the bytes are ready.
    pub fn check(paths: &[&Path]) -> io::Result<()> {
        for (i, path) in paths.iter().enumerate() {
            if paths[..i].iter().any(|p| same_output(p, path)) {
                let message = format!("{} is named for two outputs", path.display());
                return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
            }
            if output_kind(path)? == OutputKind::Replace && !dir_of(path).is_dir() {
                let message = format!("{}: no such directory {}", path.display(), dir_of(path).display());
                return Err(io::Error::new(io::ErrorKind::NotFound, message));
            }
        }
        Ok(())
    }

    /// Stage `bytes` as the content of `path`. Errors that can be known before writing come
    /// here (a missing or read-only directory, a directory at `path`, a path named twice).
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.check_new(path)?;
        self.files.push(AtomicFile::create_whole(path, bytes)?);
        Ok(())
    }

    /// Stage an output written as a stream; write to the returned file.
    pub fn create(&mut self, path: &Path) -> io::Result<&mut AtomicFile> {
        self.check_new(path)?;
        self.files.push(AtomicFile::create(path)?);
        Ok(self.files.last_mut().expect("just pushed"))
    }

    /// The staged output paths, in the order they were added.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// Move every output into place, or (on an error, which names the output) none.
    pub fn commit(mut self) -> io::Result<()> {
        let mut renames: Vec<(PathBuf, NamedTempFile)> = Vec::new();
        for file in &mut self.files {
            match file.finish() {
                Ok(Some(tmp)) => renames.push((file.path.clone(), tmp)),
                Ok(None) => {}
                Err(e) => {
                    for (_, tmp) in renames {
                        discard(tmp);
                    }
                    return Err(e);
                }
            }
        }
        // The interrupt handler waits from here: it finds every rename done, or none.
        let mut pending = pending();
        let several = renames.len() > 1;
        let mut done: Vec<(PathBuf, Option<NamedTempFile<()>>)> = Vec::new();
        let mut renames = renames.into_iter();
        let mut failure = None;
        for (path, tmp) in renames.by_ref() {
            let tmp_path = tmp.path().to_path_buf();
            // The old file, kept as a second link until every rename has succeeded.
            let backup = if several && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                let name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                let prefix = format!("{}{}.", temp_prefix(&name), std::process::id());
                let link = |p: &Path| fs::hard_link(&path, p);
                tempfile::Builder::new().prefix(&prefix).rand_bytes(6).make_in(dir_of(&path), link).ok()
            } else {
                None
            };
            let persisted = tmp.persist(&path);
            pending.retain(|p| p != &tmp_path);
            match persisted {
                Ok(_) => done.push((path, backup)),
                Err(e) => {
                    failure = Some(named("cannot replace", &path, e.error));
                    break;
                }
            }
        }
        let Some(err) = failure else { return Ok(()) };
        for (_, tmp) in renames {
            pending.retain(|p| p != tmp.path());
        }
        for (path, backup) in done.into_iter().rev() {
            let _ = match backup {
                Some(old) => old.persist(&path).map(drop).map_err(|e| e.error),
                None => fs::remove_file(&path),
            };
        }
        Err(err)
    }
}

/// Remove a temp file that will not be committed.
fn discard(tmp: NamedTempFile) {
    let path = tmp.path().to_path_buf();
    drop(tmp);
    unregister(&path);
}

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut set = OutputSet::new();
    set.add(path, bytes)?;
    set.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_appears_until_commit_and_a_dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        assert!(!path.exists());
        drop(f);
        assert!(names(dir.path()).is_empty(), "temp file removed");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"whole").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        assert_eq!(names(dir.path()), ["out.txt"]);
        assert!(!pending().iter().any(|p| p.starts_with(dir.path())), "unregistered");
    }

    #[test]
    fn two_writers_of_one_output_never_share_a_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut a = AtomicFile::create(&path).unwrap();
        let mut b = AtomicFile::create(&path).unwrap();
        a.write_all(b"first writer").unwrap();
        b.write_all(b"second").unwrap();
        a.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first writer");
        b.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
    }

    #[test]
    fn errors_name_the_output_not_the_temp_file() {
        let err = write_atomic(Path::new("/nonexistent-dir/x.png"), b"x").unwrap_err();
        assert!(err.to_string().contains("/nonexistent-dir/x.png"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        if Path::new("/dev/full").exists() {
            let err = write_atomic(Path::new("/dev/full"), &[0u8; 100_000]).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::StorageFull);
            assert!(err.to_string().starts_with("writing /dev/full: "), "{err}");
        }
    }

    #[test]
    fn descriptor_paths_and_special_files_are_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let regular = dir.path().join("x");
        fs::write(&regular, "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let rows: &[(&Path, Option<OutputKind>)] = &[
            (Path::new("/dev/stdout"), Some(OutputKind::InPlace)),
            (Path::new("/dev/fd/2"), Some(OutputKind::InPlace)),
            (Path::new("/proc/self/fd/1"), Some(OutputKind::InPlace)),
            (Path::new("/dev/null"), Some(OutputKind::InPlace)),
            (&regular, Some(OutputKind::Replace)),
            (&dir.path().join("new"), Some(OutputKind::Replace)),
            // A link to a device is replaced, not followed (it may have been planted).
            (&link, Some(OutputKind::Replace)),
            (dir.path(), None),
        ];
        for (path, want) in rows {
            if path.starts_with("/proc") && !Path::new("/proc/self/fd").exists() {
                continue;
            }
            assert_eq!(output_kind(path).ok(), *want, "{path:?}");
        }
    }

    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umask_default() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        for old in [0o600, 0o640, 0o644, 0o400, 0o4755] {
            let path = dir.path().join(format!("out{old:o}"));
            fs::write(&path, "old").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(old)).unwrap();
            write_atomic(&path, b"new").unwrap();
            assert_eq!(fs::read(&path).unwrap(), b"new", "{old:o}");
            assert_eq!(mode(&path), old & 0o777, "{old:o}: mode kept, set-id bits dropped");
        }
        // A new file: what File::create would give it (0666 less the umask), not owner-only.
        let fresh = dir.path().join("fresh");
        write_atomic(&fresh, b"x").unwrap();
        let reference = dir.path().join("reference");
        File::create(&reference).unwrap();
        assert_eq!(mode(&fresh), mode(&reference));
        // Owner and group are kept where the process may set them (as root: any).
        let owned = dir.path().join("owned");
        fs::write(&owned, "old").unwrap();
        fs::set_permissions(&owned, fs::Permissions::from_mode(0o640)).unwrap();
        if std::os::unix::fs::chown(&owned, Some(54321), Some(54322)).is_ok() {
            use std::os::unix::fs::MetadataExt;
            write_atomic(&owned, b"new").unwrap();
            let m = fs::metadata(&owned).unwrap();
            assert_eq!((m.uid(), m.gid(), mode(&owned)), (54321, 54322, 0o640));
        }
        // A link at the path is replaced; its target's mode is not copied.
        let target = dir.path().join("target");
        fs::write(&target, "t").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"x").unwrap();
        assert_eq!(mode(&link), mode(&reference));
        assert_eq!(fs::read(&target).unwrap(), b"t");
    }

    #[test]
    fn a_set_commits_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.png");
        let b = dir.path().join("b.geojson");
        fs::write(&a, "old a").unwrap();
        // A failure while staging: nothing changes.
        let mut set = OutputSet::new();
        set.add(&a, b"new a").unwrap();
        assert!(set.add(dir.path(), b"x").is_err());
        assert!(set.add(&dir.path().join("./a.png"), b"x").is_err(), "the same file twice");
        drop(set);
        assert_eq!((fs::read_to_string(&a).unwrap(), names(dir.path())), ("old a".into(), vec!["a.png".to_string()]));
        // A rename that fails after another succeeded (its target became a directory after
        // staging): the first output is put back.
        let mut set = OutputSet::new();
        set.add(&a, b"new a").unwrap();
        set.add(&b, b"new b").unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(b.join("inside"), "x").unwrap();
        assert!(set.commit().is_err());
        assert_eq!(fs::read_to_string(&a).unwrap(), "old a", "rolled back");
        assert_eq!(names(dir.path()), ["a.png", "b.geojson"], "no temp files or backups left");
        fs::remove_dir_all(&b).unwrap();
        let mut set = OutputSet::new();
        set.add(&a, b"new a").unwrap();
        set.add(&b, b"new b").unwrap();
        assert_eq!(set.paths().count(), 2);
        set.commit().unwrap();
        assert_eq!(
            (fs::read_to_string(&a).unwrap(), fs::read_to_string(&b).unwrap()),
            ("new a".into(), "new b".into())
        );
        assert_eq!(names(dir.path()), ["a.png", "b.geojson"]);
    }

    #[test]
    fn only_stale_unheld_temp_files_of_the_same_output_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        let held = File::create(dir.path().join(".out.txt.tmp12.held00")).unwrap();
        held.lock().unwrap();
        held.set_modified(old).unwrap();
        // (name, aged, removed)
        let rows = [
            (".out.txt.tmp12.abc123", true, true),
            (".out.txt.tmp12", true, true), // the old naming
            (".out.txt.tmp12.abc124", false, false),
            (".out.txt.tmpx.abc125", true, false),
            (".other.txt.tmp12.abc126", true, false),
            ("out.txt", true, false),
        ];
        for (name, aged, _) in rows {
            let f = File::create(dir.path().join(name)).unwrap();
            if aged {
                f.set_modified(old).unwrap();
            }
        }
        std::os::unix::fs::symlink("/dev/null", dir.path().join(".out.txt.tmp13.link00")).unwrap();
        remove_stale_temp_files(dir.path(), &"out.txt".into(), STALE_AFTER);
        for (name, _, removed) in rows {
            assert_eq!(!dir.path().join(name).exists(), removed, "{name}");
        }
        assert!(dir.path().join(".out.txt.tmp12.held00").exists(), "a held file is a live writer's");
        assert!(fs::symlink_metadata(dir.path().join(".out.txt.tmp13.link00")).is_ok(), "links are left alone");
    }
}

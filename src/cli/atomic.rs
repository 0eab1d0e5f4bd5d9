//! The command line's side of writing outputs: the interrupt handler, and the output types of
//! [`toponym::atomic`] (temp file and rename, special files in place, all-or-nothing sets).

pub use toponym::atomic::{write_atomic, AtomicFile, OutputSet};

/// Exit status after an interrupt (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Install the Ctrl-C/SIGTERM handler (once per process; later calls do nothing): it removes
/// the temp files of outputs being written, then exits 130.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        toponym::atomic::remove_pending_temp_files();
        eprintln!("toponym: interrupted");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

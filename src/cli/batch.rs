//! Parallel processing of a document stream, results in input order, memory bounded.
//!
//! A reader thread pulls documents from the input and groups them into batches of at most
//! `BATCH_DOCS` documents or `BATCH_BYTES` of text; a bounded channel holds at most `QUEUED`
//! batches. The calling thread processes each batch on a rayon pool of `jobs` threads (rayon keeps
//! the order of an indexed `collect`) and hands the results to the sink one by one, in order.
//! So at most `QUEUED + 2` batches are alive at once, whatever the input's size, and the output is
//! the same bytes for any `jobs`. Batches are bounded in bytes too: once `MAX_IN_FLIGHT` bytes of
//! text are read but not yet sunk, the reader waits before reading another document, so a
//! document bigger than that (one of 200 MB) is the only one in memory until it is done.
//!
//! An input error (a malformed JSONL line) arrives after the documents before it, so everything
//! before the bad line is processed and written first, as in a sequential run.

use std::sync::{mpsc, Condvar, Mutex};

use rayon::prelude::*;

use super::inputs::Doc;

const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 4 << 20;
const QUEUED: usize = 2;
const MAX_IN_FLIGHT: usize = (QUEUED + 2) * BATCH_BYTES;

/// The values `--jobs` accepts: more threads than that only costs memory and start-up (each
/// one is spawned before any work), and a huge number would spend its time spawning.
pub fn jobs_range() -> clap::builder::RangedI64ValueParser<u16> {
    clap::value_parser!(u16).range(1..=1024)
}

/// Threads to use: `jobs`, or every core when `None`.
pub fn threads(jobs: Option<u16>) -> usize {
    match jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    }
}

enum Message {
    /// Documents and their text's bytes.
    Batch(Vec<Doc>, usize),
    Failed(anyhow::Error),
}

/// Text bytes read and not yet sunk, and whether the consumer has stopped.
#[derive(Default)]
struct InFlight {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, bool)> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn add(&self, bytes: usize) {
        self.lock().0 += bytes;
    }

    fn done(&self, bytes: usize) {
        self.lock().0 -= bytes;
        self.changed.notify_all();
    }

    fn close(&self) {
        self.lock().1 = true;
        self.changed.notify_all();
    }

    /// Wait until fewer than `MAX_IN_FLIGHT` bytes are in flight; `false` once the consumer stopped.
    fn wait_for_room(&self) -> bool {
        let mut state = self.lock();
        while state.0 >= MAX_IN_FLIGHT && !state.1 {
            state = self.changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        !state.1
    }
}

/// Closes the in-flight count when the consumer leaves, however it leaves, so the reader never
/// waits for room that will not come.
struct CloseOnDrop<'a>(&'a InFlight);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Run `work` over every document on `jobs` threads and feed the results to `sink` in input
/// order. Stops at the first input error, work is never started past it, and the error is
/// returned after the results before it were sunk; a sink error stops everything at once.
pub fn run<I, T, W, S>(docs: I, jobs: usize, work: W, sink: S) -> anyhow::Result<()>
where
    I: Iterator<Item = anyhow::Result<Doc>> + Send,
    T: Send,
    W: Fn(Doc) -> T + Sync,
    S: FnMut(T) -> anyhow::Result<()>,
{
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    run_in(&pool, docs, work, sink)
}

/// [`run`] on a pool the caller made (and may use in `sink` too, which runs between batches).
pub fn run_in<I, T, W, S>(pool: &rayon::ThreadPool, docs: I, work: W, mut sink: S) -> anyhow::Result<()>
where
    I: Iterator<Item = anyhow::Result<Doc>> + Send,
    T: Send,
    W: Fn(Doc) -> T + Sync,
    S: FnMut(T) -> anyhow::Result<()>,
{
    let (tx, rx) = mpsc::sync_channel::<Message>(QUEUED);
    let in_flight = InFlight::default();
    std::thread::scope(|scope| {
        let reading = &in_flight;
        scope.spawn(move || read_batches(docs, &tx, reading));
        let _close = CloseOnDrop(&in_flight);
        // `rx` is dropped when this closure returns early, which ends the reader at its next send.
        for message in rx {
            match message {
                Message::Batch(batch, bytes) => {
                    let results: Vec<T> = pool.install(|| batch.into_par_iter().map(&work).collect());
                    for result in results {
                        sink(result)?;
                    }
                    in_flight.done(bytes);
                }
                Message::Failed(err) => return Err(err),
            }
        }
        Ok(())
    })
}

fn read_batches<I: Iterator<Item = anyhow::Result<Doc>>>(
    mut docs: I,
    tx: &mpsc::SyncSender<Message>,
    in_flight: &InFlight,
) {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while in_flight.wait_for_room() {
        let Some(doc) = docs.next() else { break };
        match doc {
            Ok(doc) => {
                bytes += doc.text.len();
                in_flight.add(doc.text.len());
                batch.push(doc);
                if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    if tx.send(Message::Batch(std::mem::take(&mut batch), bytes)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            Err(err) => {
                if !batch.is_empty() && tx.send(Message::Batch(std::mem::take(&mut batch), bytes)).is_err() {
                    return;
                }
                let _ = tx.send(Message::Failed(err));
                return;
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Message::Batch(batch, bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(n: usize, fail_at: Option<usize>) -> impl Iterator<Item = anyhow::Result<Doc>> + Send {
        (0..n).map(move |i| {
            if Some(i) == fail_at {
                Err(anyhow::anyhow!("bad input at {i}"))
            } else {
                Ok(Doc { index: i, id: i.to_string(), text: "x".repeat(i % 7), lang: None })
            }
        })
    }

    #[test]
    fn results_come_in_input_order_for_any_thread_count() {
        for jobs in [1, 2, 5] {
            let mut seen = Vec::new();
            run(
                docs(1000, None),
                jobs,
                |d| d.index,
                |i| {
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..1000).collect::<Vec<_>>(), "jobs {jobs}");
        }
    }

    #[test]
    fn an_input_error_comes_after_the_documents_before_it() {
        let mut seen = Vec::new();
        let err = run(
            docs(600, Some(300)),
            2,
            |d| d.index,
            |i| {
                seen.push(i);
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "bad input at 300");
        assert_eq!(seen, (0..300).collect::<Vec<_>>());
    }

    #[test]
    fn a_document_bigger_than_the_budget_is_alone_in_flight() {
        // Each document is bigger than everything allowed in flight: the reader reads the next
        // only after the one before was sunk.
        let big = MAX_IN_FLIGHT + 1;
        let read = std::sync::atomic::AtomicUsize::new(0);
        let docs = (0..4).map(|i| {
            read.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Doc { index: i, id: i.to_string(), text: " ".repeat(big), lang: None })
        });
        let mut seen = Vec::new();
        run(
            docs,
            2,
            |d| d.index,
            |i| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                seen.push((i, read.load(std::sync::atomic::Ordering::SeqCst)));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, [(0, 1), (1, 2), (2, 3), (3, 4)]);
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut seen = 0;
        let err = run(
            docs(100_000, None),
            2,
            |d| d.index,
            |_| {
                seen += 1;
                if seen == 10 {
                    anyhow::bail!("disk full")
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(seen, 10);
    }
}

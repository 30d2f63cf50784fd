//! Work shared between the machine's cores, with results in the order of the input, so that what a
//! build writes never depends on how the work was shared.
//!
//! Used where a build does many independent pieces: laying out a book's paragraphs, working out the
//! pages' lines for the PDF's content streams, compressing streams. A panic in a piece is passed on to
//! the caller's thread (where `error::contain` reports it).

use std::sync::atomic::{AtomicUsize, Ordering};

/// A gate that threads wait at until one opens it (opening it again does nothing).
#[derive(Default)]
pub struct Gate {
    open: std::sync::Mutex<bool>,
    opened: std::sync::Condvar,
}

impl Gate {
    pub fn open(&self) {
        *self.open.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.opened.notify_all();
    }

    pub fn wait(&self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        while !*open {
            open = self.opened.wait(open).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// How many threads to use: the machine's cores.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` applied to every item, on up to [`threads`] threads taking the next item as they finish one;
/// the results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let n = threads().min(items.len());
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    // A panic in a piece is not printed on its thread: it reaches the caller when it joins, and the
    // caller's `error::contain` reports it.
    let work = || {
        crate::error::quietly(|| {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        })
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_unstable_by_key(|&(i, _)| i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// [`map`] over owned items.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let slots: Vec<std::sync::Mutex<Option<T>>> = items
        .into_iter()
        .map(|t| std::sync::Mutex::new(Some(t)))
        .collect();
    map(&slots, |slot| {
        let item = slot
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .expect("each item is taken once");
        f(item)
    })
}

/// `work` applied to every item on the machine's cores, each result handed to `take` on the calling
/// thread in the items' order as soon as it and those before it are done: for work whose results must
/// be consumed in order by one thread (writing pages whose codes are numbered in order of first use)
/// while the rest is done alongside. The other threads stay at most `ahead` items in front of `take`
/// (it bounds the memory the results take); the calling thread works on the next item whenever the one
/// it waits for is not done.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    ahead: usize,
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(usize, R),
) {
    let helpers = threads().saturating_sub(1).min(items.len());
    if helpers == 0 {
        for (i, item) in items.iter().enumerate() {
            take(i, work(item));
        }
        return;
    }
    let slots: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let taken = AtomicUsize::new(0);
    let running = AtomicUsize::new(helpers);
    // Set when a helper panics: the item it held is done again by the calling thread.
    let failed = std::sync::atomic::AtomicBool::new(false);
    // Set when the calling thread leaves (a panic in `take` or `work` included): helpers stop waiting.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let lock = |i: usize| slots[i].lock().unwrap_or_else(|p| p.into_inner());
    // Claims the next item and does it; false when none is left.
    let step = || {
        let i = next.fetch_add(1, Ordering::AcqRel);
        let Some(item) = items.get(i) else {
            return false;
        };
        let r = work(item);
        *lock(i) = Some(r);
        true
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..helpers)
            .map(|_| {
                s.spawn(|| {
                    // Counted out even when a piece panics, so the caller stops waiting for them.
                    struct Out<'a>(&'a AtomicUsize, &'a std::sync::atomic::AtomicBool);
                    impl Drop for Out<'_> {
                        fn drop(&mut self) {
                            if std::thread::panicking() {
                                self.1.store(true, Ordering::Release);
                            }
                            self.0.fetch_sub(1, Ordering::AcqRel);
                        }
                    }
                    let _out = Out(&running, &failed);
                    crate::error::quietly(|| loop {
                        while next.load(Ordering::Acquire) >= taken.load(Ordering::Acquire) + ahead
                            && next.load(Ordering::Acquire) < items.len()
                        {
                            if stop.load(Ordering::Acquire) {
                                return;
                            }
                            std::thread::yield_now();
                        }
                        if !step() {
                            return;
                        }
                    })
                })
            })
            .collect();
        struct Stop<'a>(&'a std::sync::atomic::AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Release);
            }
        }
        let _stop = Stop(&stop);
        for (i, item) in items.iter().enumerate() {
            let r = loop {
                if let Some(r) = lock(i).take() {
                    break r;
                }
                // Not done: do the next item meanwhile, or item `i` itself when the helpers are gone
                // or one failed (its panic is passed on below; the others may be waiting for this
                // thread to take item `i`).
                if !step() {
                    let gone =
                        running.load(Ordering::Acquire) == 0 || failed.load(Ordering::Acquire);
                    if gone && lock(i).is_none() {
                        break work(item);
                    }
                    std::thread::yield_now();
                }
            };
            take(i, r);
            taken.store(i + 1, Ordering::Release);
        }
        for h in handles {
            h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads at a gate go on once it is opened, and not before; a gate opened before anyone waits
    /// holds no one.
    #[test]
    fn a_gate_holds_its_waiters_until_it_is_opened() {
        let gate = Gate::default();
        let passed = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    gate.wait();
                    passed.fetch_add(1, Ordering::SeqCst);
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(
                passed.load(Ordering::SeqCst),
                0,
                "no one passes a closed gate"
            );
            gate.open();
        });
        assert_eq!(passed.load(Ordering::SeqCst), 3);
        gate.open();
        gate.wait();
    }

    #[test]
    fn results_come_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that threads finish out of order.
        let out = map(&items, |&i| {
            let mut x = i;
            for _ in 0..(i % 7) * 1000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
            (i, x)
        });
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(k, &(i, _))| k as u64 == i));
        let owned = map_owned(items.clone(), |i| i * 2);
        assert_eq!(owned, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |&b| b).is_empty());
    }

    #[test]
    fn in_order_hands_every_result_over_in_order() {
        let items: Vec<u64> = (0..500).collect();
        for ahead in [1, 4, 64] {
            let mut seen = Vec::new();
            in_order(
                &items,
                ahead,
                |&i| {
                    let mut x = i;
                    for _ in 0..(i % 5) * 2000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    }
                    (i, x)
                },
                |k, (i, _)| seen.push((k, i)),
            );
            assert_eq!(
                seen,
                items.iter().map(|&i| (i as usize, i)).collect::<Vec<_>>()
            );
        }
        in_order(&[] as &[u8], 4, |&b| b, |_, _| panic!("no items"));
    }

    #[test]
    fn a_panic_in_in_order_work_reaches_the_caller() {
        let r = crate::error::contain(|| {
            let mut n = 0;
            in_order(
                &[1, 2, 3, 4, 5, 6],
                2,
                |&i| {
                    assert!(i != 3, "item three");
                    i
                },
                |_, _| n += 1,
            );
            n
        });
        assert_eq!(r, Err("item three".to_string()));
    }

    #[test]
    fn a_panic_in_a_piece_reaches_the_caller_with_its_message() {
        let r = crate::error::contain(|| {
            map(&[1, 2, 3, 4], |&i| {
                assert!(i != 3, "piece three");
                i
            })
        });
        assert_eq!(r, Err("piece three".to_string()));
    }
}

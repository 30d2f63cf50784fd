//! Work shared between the machine's cores, with results in the order of the input, so that what a
//! build writes never depends on how the work was shared.
//!
//! Used where a build does many independent pieces: laying out a book's paragraphs, working out the
//! pages' lines for the PDF's content streams, compressing streams. A panic in a piece is passed on to
//! the caller's thread (where `error::contain` reports it).

use std::sync::atomic::{AtomicUsize, Ordering};

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

#[cfg(test)]
mod tests {
    use super::*;

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

//! A counting TCP proxy in front of the server, one per simulated console: every byte each way
//! is counted, and the traffic is cut into cycles. A cycle is a burst of requests and answers:
//! it ends when no request waits for its answer and nothing moved for [`QUIET`]. A long poll
//! (`GET /api/v1/changes?…wait=`) does not hold a cycle open while it waits, so its quiet
//! wait is not counted as work.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The quiet time that ends a cycle.
pub const QUIET: Duration = Duration::from_millis(250);

/// One cycle of traffic: when it started and ended, and the bytes each way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    /// The first byte of its first request.
    pub start: Instant,
    /// The last byte it moved.
    pub end: Instant,
    /// Bytes from the console to the server (requests).
    pub up: u64,
    /// Bytes from the server to the console (answers).
    pub down: u64,
}

impl Cycle {
    /// How long it took, first request byte to last answer byte.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    /// Bytes both ways.
    pub fn bytes(&self) -> u64 {
        self.up + self.down
    }
}

/// The traffic of one console, cut into cycles.
#[derive(Debug, Default)]
pub struct Traffic {
    inner: Mutex<Cutter>,
}

#[derive(Debug, Default)]
struct Cutter {
    open: Option<Cycle>,
    done: Vec<Cycle>,
    /// Connections whose request has not been answered yet (long polls excepted).
    waiting: usize,
}

/// A connection's side of the cutting: whether its last request is unanswered.
#[derive(Debug, Default)]
struct Conn {
    awaiting: bool,
}

/// Whether a chunk from the console starts a long poll of the change feed.
fn is_long_poll(chunk: &[u8]) -> bool {
    let head = &chunk[..chunk.len().min(256)];
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    line.starts_with("GET /api/v1/changes") && line.contains("wait=")
}

impl Traffic {
    fn record(&self, conn: &Mutex<Conn>, up: bool, chunk: &[u8], at: Instant) {
        let mut c = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut conn = conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(open) = c.open
            && c.waiting == 0
            && at - open.end > QUIET
        {
            c.done.push(open);
            c.open = None;
        }
        if up && !conn.awaiting && !is_long_poll(chunk) {
            conn.awaiting = true;
            c.waiting += 1;
        } else if !up && conn.awaiting {
            conn.awaiting = false;
            c.waiting -= 1;
        }
        let n = chunk.len() as u64;
        let cycle = c.open.get_or_insert(Cycle { start: at, end: at, up: 0, down: 0 });
        cycle.end = at;
        if up {
            cycle.up += n;
        } else {
            cycle.down += n;
        }
    }

    fn closed(&self, conn: &Mutex<Conn>) {
        let mut c = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut conn = conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if conn.awaiting {
            // Closed unanswered (the client gave up): the cycle lasted until now.
            conn.awaiting = false;
            c.waiting -= 1;
            if let Some(open) = c.open.as_mut() {
                open.end = Instant::now();
            }
        }
    }

    /// Every cycle so far: the finished ones, and the open one unless a request in it is
    /// still unanswered (a cycle cut off by the end of the run is not counted).
    pub fn cycles(&self) -> Vec<Cycle> {
        let c = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        c.done.iter().copied().chain(c.open.filter(|_| c.waiting == 0)).collect()
    }
}

/// Listens on a loopback port and forwards every connection to `target` (`host:port`),
/// counting into the returned [`Traffic`]. Returns the proxy's `http://` base URL.
pub async fn start(target: String) -> std::io::Result<(String, Arc<Traffic>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let traffic = Arc::new(Traffic::default());
    let t = traffic.clone();
    tokio::spawn(async move {
        while let Ok((inbound, _)) = listener.accept().await {
            let (t, target) = (t.clone(), target.clone());
            tokio::spawn(async move {
                if let Ok(outbound) = TcpStream::connect(&target).await {
                    relay(inbound, outbound, t).await;
                }
            });
        }
    });
    Ok((format!("http://{addr}"), traffic))
}

async fn relay(inbound: TcpStream, outbound: TcpStream, traffic: Arc<Traffic>) {
    let _ = inbound.set_nodelay(true);
    let _ = outbound.set_nodelay(true);
    let conn = Arc::new(Mutex::new(Conn::default()));
    let (mut ci, mut co) = inbound.into_split();
    let (mut si, mut so) = outbound.into_split();
    let (t1, c1) = (traffic.clone(), conn.clone());
    let up = async move {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = ci.read(&mut buf).await {
            if n == 0 || so.write_all(&buf[..n]).await.is_err() {
                break;
            }
            t1.record(&c1, true, &buf[..n], Instant::now());
        }
        let _ = so.shutdown().await;
    };
    let (t2, c2) = (traffic.clone(), conn.clone());
    let down = async move {
        let mut buf = vec![0u8; 1 << 16];
        while let Ok(n) = si.read(&mut buf).await {
            if n == 0 || co.write_all(&buf[..n]).await.is_err() {
                break;
            }
            t2.record(&c2, false, &buf[..n], Instant::now());
        }
        let _ = co.shutdown().await;
    };
    tokio::join!(up, down);
    traffic.closed(&conn);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_ends_after_a_quiet_gap_but_not_while_a_request_waits() {
        let t = Traffic::default();
        let conn = Mutex::new(Conn::default());
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        t.record(&conn, true, b"GET /api/v1/dashboard HTTP/1.1\r\n", ms(0));
        // The server thinks for 2 s: the request waits, so the cycle stays open.
        t.record(&conn, false, &[0; 1000], ms(2000));
        t.record(&conn, true, b"GET /api/v1/problems HTTP/1.1\r\n", ms(2010));
        t.record(&conn, false, &[0; 500], ms(2100));
        // Quiet for 5 s, then the next poll.
        t.record(&conn, true, b"GET /api/v1/dashboard HTTP/1.1\r\n", ms(7100));
        t.record(&conn, false, &[0; 100], ms(7110));
        let cycles = t.cycles();
        assert_eq!(cycles.len(), 2, "{cycles:?}");
        assert_eq!(cycles[0].duration(), Duration::from_millis(2100));
        assert_eq!(cycles[0].down, 1500);
        let requests = "GET /api/v1/dashboard HTTP/1.1\r\n".len() + "GET /api/v1/problems HTTP/1.1\r\n".len();
        assert_eq!(cycles[0].up as usize, requests);
        assert_eq!(cycles[1].down, 100);
    }

    #[test]
    fn a_long_poll_does_not_hold_a_cycle_open() {
        let t = Traffic::default();
        let conn = Mutex::new(Conn::default());
        let t0 = Instant::now();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        t.record(&conn, true, b"GET /api/v1/changes?since=5&wait=30 HTTP/1.1\r\n", ms(0));
        t.record(&conn, false, &[0; 80], ms(30_000));
        assert_eq!(t.cycles().len(), 2, "the wait splits the request from its answer");
    }

    #[test]
    fn an_unanswered_request_is_not_a_cycle_until_its_connection_closes() {
        let t = Traffic::default();
        let conn = Mutex::new(Conn::default());
        t.record(&conn, true, b"GET /api/v1/dashboard HTTP/1.1\r\n", Instant::now());
        assert!(t.cycles().is_empty(), "still waiting for the server");
        std::thread::sleep(Duration::from_millis(20));
        t.closed(&conn);
        let cycles = t.cycles();
        assert_eq!(cycles.len(), 1);
        assert!(cycles[0].duration() >= Duration::from_millis(20), "it lasted until the client gave up");
    }
}

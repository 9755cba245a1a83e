//! A one-line progress bar on stderr (`[#####.....] 12/40 ids  arXiv API`), drawn only when
//! asked to (the command line asks when stderr is a terminal).

use std::io::Write;

pub(crate) struct Progress {
    total: usize,
    done: usize,
    on: bool,
}

impl Progress {
    pub(crate) fn new(total: usize, on: bool) -> Progress {
        Progress {
            total,
            done: 0,
            on: on && total > 0,
        }
    }

    /// One identifier answered, by `service`.
    pub(crate) fn step(&mut self, service: &str) {
        self.done = (self.done + 1).min(self.total);
        if !self.on {
            return;
        }
        const WIDTH: usize = 30;
        let filled = self.done * WIDTH / self.total.max(1);
        let bar: String = "#".repeat(filled) + &".".repeat(WIDTH - filled);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K[{bar}] {}/{} ids  {service}",
            self.done, self.total
        );
        let _ = err.flush();
    }

    /// Clear the line.
    pub(crate) fn finish(&mut self) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.on = false;
        }
    }
}

//! What every test of the `mailhint` binary does: run it, read what it printed.
// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `mailhint` with `args` and no input.
pub fn mailhint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mailhint")).args(args).output().expect("the mailhint binary runs")
}

/// Runs `mailhint` with `args`, `stdin` (or nothing) on its standard input.
pub fn mailhint_fed(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailhint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mailhint binary runs");
    // The command may exit before reading its input (a usage error): a broken pipe is fine.
    let _ = child.stdin.take().expect("a piped stdin").write_all(stdin.unwrap_or(b""));
    child.wait_with_output().expect("the mailhint binary ends")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as one JSON value; a failure shows both outputs.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

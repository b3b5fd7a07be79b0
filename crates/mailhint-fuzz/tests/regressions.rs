//! Every committed fuzz input (crates/mailhint-fuzz/seeds and regressions, one folder per
//! target) run through its target's body, without libFuzzer: the crashes the fuzzer found stay
//! fixed in a plain `cargo test` (./build.sh test runs it).

use std::path::Path;

#[test]
fn every_committed_input_runs_through_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for kind in ["seeds", "regressions"] {
        let Ok(folders) = std::fs::read_dir(root.join(kind)) else { continue };
        for folder in folders.map(Result::unwrap) {
            let target = folder.file_name().into_string().unwrap();
            for input in std::fs::read_dir(folder.path()).unwrap().map(Result::unwrap) {
                let data = std::fs::read(input.path()).unwrap();
                eprintln!("{kind}/{target}/{}", input.file_name().to_string_lossy());
                assert!(mailhint_fuzz::targets::run(&target, &data), "{kind}/{target}: no such fuzz target");
                ran += 1;
            }
        }
    }
    eprintln!("{ran} inputs ran");
    assert!(ran > 0, "no committed fuzz inputs found under {}", root.display());
}

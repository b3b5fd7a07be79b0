use mailhint_core::{check_bytes, Options};
#[test]
fn dump() {
    let mail = std::path::PathBuf::from("/work/shared/corpus/mail");
    let labels = std::fs::read_to_string(mail.join("labels.tsv")).unwrap();
    let mut out = String::new();
    for line in labels.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let bytes = std::fs::read(mail.join(cols[0])).unwrap();
        let r = check_bytes(&bytes, &Options::default()).unwrap();
        for f in &r.findings {
            out.push_str(&format!("{}\t{}\t{}\t{}\t{}\n", cols[0], cols[1], f.code, f.points, f.message));
        }
    }
    std::fs::write(std::env::var("OUT").unwrap(), out).unwrap();
}

// The bundled `content/` folder is embedded with `include_dir!`, which only notices edits to
// files it already knows; this makes added or removed files trigger a rebuild too.
fn main() {
    println!("cargo:rerun-if-changed=content");
}

fn main() {
    println!("paap (being built)");
}

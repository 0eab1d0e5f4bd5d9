fn main() {
    std::process::exit(toponym::cli::main());
}

//! The `toponym` command line: argument parsing and printing over the library (see `cli`).

mod cli;

fn main() {
    std::process::exit(cli::main());
}

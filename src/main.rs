fn main() -> std::process::ExitCode {
    claimdown::syntax::install_parse_allocator();
    claimdown::cli::run()
}

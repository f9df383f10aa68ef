fn main() -> std::process::ExitCode {
    claimdown::cli::run()
}

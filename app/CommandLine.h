#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::app {

// The feeddeck command line (DESIGN.md, "Command line").
struct CliOptions
{
    QString configFile;      // --config FILE
    bool demo = false;       // --demo
    bool headless = false;   // --headless
    std::optional<double> durationSeconds; // --duration S
    QString exportCsv;       // --export-csv FILE ("-" = stdout)
    QString statsFile;       // --stats FILE
    QString screenshot;      // --screenshot FILE
};

struct CliResult
{
    enum class Action { Run, ShowHelp, ShowVersion, Error };
    Action action = Action::Run;
    CliOptions options;
    QString text; // help text, version line, or the error
};

// Parses arguments (argv including the program name). Never exits the process.
[[nodiscard]] CliResult parseCommandLine(const QStringList &arguments);

} // namespace feeddeck::app

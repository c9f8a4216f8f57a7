#pragma once

#include "core/relay/RelayOptions.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace feeddeck::app::shell {

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
    QString alertsJsonl;     // --alerts-jsonl FILE ("-" = stdout), headless only
    // `feeddeck relay ...`: the feeds run headless and every update goes to NATS.
    bool relay = false;
    relay::RelayOptions relayOptions; // --nats, --nats-user, ..., checked (CA file read)
};

struct CliResult
{
    enum class Action { Run, ShowHelp, ShowVersion, Error };
    Action action = Action::Run;
    CliOptions options;
    QString text; // help text, version line, or the error
};

// Parses arguments (argv including the program name). Never exits the process. The relay's
// credentials default to FEEDDECK_NATS_USER, FEEDDECK_NATS_PASSWORD and FEEDDECK_NATS_TOKEN.
[[nodiscard]] CliResult parseCommandLine(const QStringList &arguments);

} // namespace feeddeck::app::shell

// libFuzzer target: any bytes as a workspace file. The parser must report problems (a
// bounded list) or give a workspace that saves and parses again to the same bytes.
#include "core/workspace/WorkspaceParser.h"
#include "core/workspace/WorkspaceSerializer.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace feeddeck::workspace;
    static const QStringList protocols{QStringLiteral("coinbase"), QStringLiteral("binance"), QStringLiteral("json")};
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const ParseResult result = parseWorkspace(bytes, QStringLiteral("fuzz.json"), protocols);
    if (result.problems.size() > kMaxProblems + 1) // the last line may say how many more there were
        __builtin_trap();
    if (result.workspace.has_value() != result.problems.isEmpty())
        __builtin_trap();
    if (result.workspace) {
        const QByteArray saved = toJsonBytes(*result.workspace);
        const ParseResult again = parseWorkspace(saved, QStringLiteral("saved.json"), protocols);
        if (!again.workspace || toJsonBytes(*again.workspace) != saved)
            __builtin_trap();
    }
    return 0;
}

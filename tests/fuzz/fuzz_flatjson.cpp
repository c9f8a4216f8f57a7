// libFuzzer target: the quick reader of flat objects (scanFlatObject) against simdjson.
// Whatever text the quick reader accepts, simdjson must accept too and read the same
// members, in the same order, with the same values; anything else is left to simdjson.
// Run through tests/fuzz/run.sh.
#include "core/codec/JsonScan.h"

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace ondemand = simdjson::ondemand;
using namespace feeddeck::codec::json_scan;

[[noreturn]] void disagree()
{
    __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    std::array<FlatMember, 64> members;
    const int count = scanFlatObject(text, members);
    if (count < 0)
        return 0;

    static ondemand::parser parser;
    const simdjson::padded_string padded(text);
    ondemand::document document;
    ondemand::object object;
    if (parser.iterate(padded).get(document) || document.get_object().get(object))
        disagree();
    int seen = 0;
    for (auto fieldResult : object) {
        ondemand::field field;
        std::string_view key;
        Slot value;
        if (std::move(fieldResult).get(field) || fieldKey(field, key) || capture(field.value(), value, 1))
            disagree();
        if (seen >= count || key != members[std::size_t(seen)].key || !(value == members[std::size_t(seen)].value))
            disagree();
        ++seen;
    }
    const char *trailing = nullptr;
    if (seen != count || document.current_location().get(trailing) == simdjson::SUCCESS)
        disagree();
    return 0;
}

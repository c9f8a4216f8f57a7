#include "core/workspace/EnvExpansion.h"

namespace feeddeck::workspace {

namespace {

const QString kOpen = QStringLiteral("${env:");

bool isNameStart(QChar c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= u'0' && c <= u'9');
}

// Length of a valid NAME starting at `from` and closed by '}', or 0 when the pattern is malformed.
qsizetype nameLength(const QString &text, qsizetype from)
{
    qsizetype end = from;
    if (end >= text.size() || !isNameStart(text.at(end)))
        return 0;
    while (end < text.size() && isNameChar(text.at(end)))
        ++end;
    if (end >= text.size() || text.at(end) != u'}')
        return 0;
    return end - from;
}

} // namespace

ExpandResult expandEnv(const QString &value)
{
    ExpandResult result;
    result.value.reserve(value.size());
    qsizetype pos = 0;
    while (pos < value.size()) {
        const qsizetype start = value.indexOf(kOpen, pos);
        if (start < 0) {
            result.value.append(QStringView(value).mid(pos));
            break;
        }
        result.value.append(QStringView(value).mid(pos, start - pos));
        const qsizetype nameStart = start + kOpen.size();
        const qsizetype length = nameLength(value, nameStart);
        if (length == 0) {
            // Not a reference: keep the "${env:" text and look for the next one after it.
            result.value.append(kOpen);
            pos = nameStart;
            continue;
        }
        const QString name = value.mid(nameStart, length);
        if (qEnvironmentVariableIsSet(name.toLocal8Bit().constData())) {
            const QString expanded = qEnvironmentVariable(name.toLocal8Bit().constData());
            result.value.append(expanded);
            if (!result.values.contains(expanded))
                result.values.append(expanded);
        } else if (!result.missing.contains(name)) {
            result.missing.append(name);
        }
        pos = nameStart + length + 1; // past the closing brace
    }
    return result;
}

} // namespace feeddeck::workspace

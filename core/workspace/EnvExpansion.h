#pragma once

#include <QString>
#include <QStringList>

namespace feeddeck::workspace {

struct ExpandResult
{
    QString value;       // the input with every ${env:NAME} replaced
    QStringList missing; // names that are not set, in order of first use; each replaced by nothing
    QStringList values;  // the values put in, so they can be masked wherever they would be shown
};

// Replaces every `${env:NAME}` (NAME: letters, digits and `_`, not starting with a digit) with the
// environment variable's value, so secrets such as tokens stay out of the workspace file.
// Anything else, including `$$`, `${NAME}` and malformed patterns, is kept as written.
[[nodiscard]] ExpandResult expandEnv(const QString &value);

} // namespace feeddeck::workspace

#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <optional>

namespace feeddeck::workspace {

// Where a problem is (an absolute JSON path such as "alerts[2].when") and what to do about it.
using SectionProblemSink = std::function<void(const QString &path, const QString &message)>;

// What the top-level arrays of objects ("alerts", "derived") share: the array and its bound,
// each element an object, unique ids, optional strings. One home for those checks and their
// wording; each section reads its own keys.
class SectionReader
{
public:
    struct Wording
    {
        QString section;  // "alerts"
        QString things;   // "alert rules"
        QString thing;    // "alert rule"
        QString example;  // "[{\"id\": \"btc-high\", ...}]"
        QString idExample; // "btc-high"
    };

    SectionReader(Wording wording, qsizetype maxElements, const SectionProblemSink &report);

    // Calls read(object, path) for each object of `section` in order; reports a value that is no
    // array, an array longer than the bound, and elements that are no objects.
    void forEachObject(const QJsonValue &section, const std::function<void(const QJsonObject &, const QString &)> &read);

    // The id at `path`: reported when missing, not a string, empty, not made of letters, digits,
    // "_", "." and "-", or already used in this section. Returns what was read (even if refused).
    QString readId(const QJsonValue &value, const QString &path);
    // object[key] as a string when present; a value of another type is reported.
    std::optional<QString> readText(const QJsonObject &object, const QString &key, const QString &parent);

    void report(const QString &path, const QString &message);
    // Problems reported so far.
    [[nodiscard]] int problems() const noexcept { return m_problems; }

private:
    Wording m_wording;
    qsizetype m_max;
    const SectionProblemSink &m_report;
    QHash<QString, QString> m_idPaths; // id -> path of its first use
    int m_problems = 0;
};

} // namespace feeddeck::workspace

#include "core/workspace/DerivedSeriesParser.h"

#include "core/codec/JsonPath.h"
#include "core/store/DerivedPresets.h"
#include "core/store/Expression.h"
#include "core/workspace/KnownFeeds.h"
#include "core/workspace/SectionReader.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

#include <optional>

namespace feeddeck::workspace {

namespace {

const QStringList kDerivedKeys = {
    QStringLiteral("id"),     QStringLiteral("preset"),     QStringLiteral("feed"),   QStringLiteral("symbol"),
    QStringLiteral("expression"), QStringLiteral("inputs"), QStringLiteral("note"),
};
const QStringList kDerivedInputKeys = {QStringLiteral("feed"), QStringLiteral("symbol"), QStringLiteral("field")};

QString presetNames()
{
    QStringList names;
    for (const store::DerivedPreset &preset : store::derivedPresets())
        names.append(preset.name);
    return names.join(QStringLiteral(", "));
}

// An expression's input name: what Expression::parse() binds (ASCII letters, digits and
// underscore, not starting with a digit).
bool isExpressionName(const QString &name)
{
    if (name.isEmpty() || (name.front() >= u'0' && name.front() <= u'9'))
        return false;
    for (QChar c : name) {
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

// Reads the series of one "derived" array, reporting problems with absolute paths.
class DerivedSeriesReader
{
public:
    DerivedSeriesReader(const QList<FeedConfig> &feeds, const DerivedProblemSink &report)
        : m_feeds(feeds)
        , m_section({.section = QStringLiteral("derived"),
                      .things = QStringLiteral("derived series"),
                      .thing = QStringLiteral("derived series"),
                      .example = QStringLiteral("[{\"id\": \"btc-mid\", \"preset\": \"mid\", \"feed\": "
                                                "\"crypto\", \"symbol\": \"BTC-USD\"}]"),
                      .idExample = QStringLiteral("btc-mid")},
                     kMaxDerivedSeries, report)
    {
    }

    QList<DerivedSeriesConfig> read(const QJsonValue &derived)
    {
        QList<DerivedSeriesConfig> all;
        m_section.forEachObject(derived, [&](const QJsonObject &object, const QString &path) {
            all.append(readSeries(object, path));
        });
        return all;
    }

private:
    DerivedSeriesConfig readSeries(const QJsonObject &object, const QString &path)
    {
        DerivedSeriesConfig series;
        readId(object.value(QStringLiteral("id")), codec::childPath(path, QStringLiteral("id")), series);
        const bool hasPreset = object.contains(QStringLiteral("preset"));
        const bool hasExpression = object.contains(QStringLiteral("expression"));
        if (hasPreset && hasExpression) {
            report(codec::childPath(path, QStringLiteral("expression")),
                     QStringLiteral("a derived series is either a preset or an expression; remove \"preset\" or "
                                    "\"expression\""));
        } else if (hasPreset) {
            readPreset(object, path, series);
        } else if (hasExpression) {
            readExpression(object, path, series);
        } else {
            report(path, QStringLiteral("says neither what to compute nor from what; add \"preset\": \"mid\" with "
                                          "\"feed\" and \"symbol\", or an \"expression\" such as \"a - b\" with its "
                                          "\"inputs\""));
        }
        if (const auto note = readText(object, QStringLiteral("note"), path))
            series.note = *note;
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!kDerivedKeys.contains(it.key()))
                series.extra.insert(it.key(), it.value());
        }
        return series;
    }

    void readId(const QJsonValue &value, const QString &path, DerivedSeriesConfig &series)
    {
        series.id = m_section.readId(value, path);
    }

    void readPreset(const QJsonObject &object, const QString &path, DerivedSeriesConfig &series)
    {
        const QString presetPath = codec::childPath(path, QStringLiteral("preset"));
        if (const auto name = readText(object, QStringLiteral("preset"), path)) {
            if (store::derivedPreset(*name))
                series.preset = *name;
            else
                report(presetPath, QStringLiteral("%1 is not a preset; use one of: %2, or write an \"expression\"")
                                         .arg(codec::quotedText(*name), presetNames()));
        }
        readInstrument(object, path, series.feed, series.symbol);
        if (object.contains(QStringLiteral("inputs")))
            report(codec::childPath(path, QStringLiteral("inputs")),
                     QStringLiteral("a preset reads the fields of its \"feed\" and \"symbol\"; remove \"inputs\", or "
                                    "use an \"expression\" instead of the preset"));
    }

    void readExpression(const QJsonObject &object, const QString &path, DerivedSeriesConfig &series)
    {
        const QString expressionPath = codec::childPath(path, QStringLiteral("expression"));
        const auto text = readText(object, QStringLiteral("expression"), path);
        const QString inputsPath = codec::childPath(path, QStringLiteral("inputs"));
        const QJsonValue inputs = object.value(QStringLiteral("inputs"));
        QStringList bound;
        bool inputsRead = false;
        if (inputs.isUndefined()) {
            report(inputsPath, QStringLiteral("missing; say which series each name of the expression reads, e.g. "
                                                "{\"a\": {\"feed\": \"crypto\", \"symbol\": \"BTC-USD\"}}"));
        } else if (!inputs.isObject()) {
            report(inputsPath, QStringLiteral("must be an object of named series such as {\"a\": {\"feed\": "
                                                "\"crypto\", \"symbol\": \"BTC-USD\"}}, found %1")
                                     .arg(codec::jsonTypeName(inputs)));
        } else {
            const QJsonObject named = inputs.toObject();
            inputsRead = true;
            for (auto it = named.begin(); it != named.end(); ++it) {
                const QString inputPath = codec::childPath(inputsPath, it.key());
                if (!isExpressionName(it.key())) {
                    inputsRead = false;
                    report(inputPath, QStringLiteral("%1 cannot be used in an expression; name inputs with ASCII "
                                                       "letters, digits and \"_\", not starting with a digit, e.g. \"a\"")
                                            .arg(codec::quotedText(it.key())));
                    continue;
                }
                if (const auto input = readInput(it.key(), it.value(), inputPath)) {
                    series.inputs.append(*input);
                    bound.append(it.key());
                } else {
                    inputsRead = false;
                }
            }
        }
        if (!text)
            return;
        series.expression = *text;
        if (text->trimmed().isEmpty()) {
            report(expressionPath, QStringLiteral("is empty; write a formula over the inputs such as \"a - b\" or "
                                                    "\"(a - b) / b * 100\""));
            return;
        }
        // Checked only over inputs that were all read: a broken input is reported once, at its own path.
        if (!inputsRead)
            return;
        const store::ExpressionParse parsed = store::Expression::parse(*text, bound);
        if (!parsed.ok())
            report(expressionPath, parsed.error.text());
    }

    std::optional<DerivedInput> readInput(const QString &name, const QJsonValue &value, const QString &path)
    {
        if (!value.isObject()) {
            report(path, QStringLiteral("must be an object naming a series such as {\"feed\": \"crypto\", \"symbol\": "
                                          "\"BTC-USD\", \"field\": \"price\"}, found %1")
                               .arg(codec::jsonTypeName(value)));
            return std::nullopt;
        }
        const QJsonObject object = value.toObject();
        DerivedInput input;
        input.name = name;
        const int problemsBefore = m_section.problems();
        readInstrument(object, path, input.feed, input.symbol);
        if (const auto field = readText(object, QStringLiteral("field"), path)) {
            if (field->isEmpty())
                report(codec::childPath(path, QStringLiteral("field")),
                       QStringLiteral("is empty; name a field such as \"price\", \"bid\" or \"on_hand\""));
            else
                input.field = *field;
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!kDerivedInputKeys.contains(it.key()))
                input.extra.insert(it.key(), it.value());
        }
        if (m_section.problems() != problemsBefore)
            return std::nullopt;
        return input;
    }

    // "feed" (a feed of the workspace) and "symbol" (not empty) of `object`.
    void readInstrument(const QJsonObject &object, const QString &path, QString &feed, QString &symbol)
    {
        const QString feedPath = codec::childPath(path, QStringLiteral("feed"));
        if (!object.contains(QStringLiteral("feed")))
            report(feedPath, QStringLiteral("missing; name the feed the series comes from, one of: %1")
                                 .arg(m_feeds.choices()));
        else if (const auto id = readText(object, QStringLiteral("feed"), path)) {
            feed = *id;
            if (feed == kDerivedFeed)
                report(feedPath, QStringLiteral("a derived series cannot read another derived series; write that "
                                                "one's formula into this expression"));
            else if (!m_feeds.contains(feed))
                report(feedPath, m_feeds.notAFeed(feed));
        }
        const QString symbolPath = codec::childPath(path, QStringLiteral("symbol"));
        if (!object.contains(QStringLiteral("symbol")))
            report(symbolPath, QStringLiteral("missing; name the symbol, e.g. \"BTC-USD\""));
        else if (const auto text = readText(object, QStringLiteral("symbol"), path)) {
            if (text->isEmpty())
                report(symbolPath, QStringLiteral("is empty; name the symbol, e.g. \"BTC-USD\""));
            symbol = *text;
        }
    }


    void report(const QString &path, const QString &message) { m_section.report(path, message); }
    std::optional<QString> readText(const QJsonObject &object, const QString &key, const QString &parent)
    {
        return m_section.readText(object, key, parent);
    }

    KnownFeeds m_feeds;
    SectionReader m_section;
};

} // namespace

QList<DerivedSeriesConfig> parseDerivedSeries(const QJsonValue &derived, const QList<FeedConfig> &feeds,
                                              const DerivedProblemSink &report)
{
    return DerivedSeriesReader(feeds, report).read(derived);
}

QJsonObject derivedSeriesToJson(const DerivedSeriesConfig &series)
{
    QJsonObject object = series.extra; // known keys below win over a stray copy in `extra`
    object.insert(QStringLiteral("id"), series.id);
    if (series.isPreset()) {
        object.insert(QStringLiteral("preset"), series.preset);
        object.insert(QStringLiteral("feed"), series.feed);
        object.insert(QStringLiteral("symbol"), series.symbol);
    } else {
        object.insert(QStringLiteral("expression"), series.expression);
        QJsonObject inputs;
        for (const DerivedInput &input : series.inputs) {
            QJsonObject one = input.extra;
            one.insert(QStringLiteral("feed"), input.feed);
            one.insert(QStringLiteral("symbol"), input.symbol);
            one.insert(QStringLiteral("field"), input.field);
            inputs.insert(input.name, one);
        }
        object.insert(QStringLiteral("inputs"), inputs);
    }
    if (!series.note.isEmpty())
        object.insert(QStringLiteral("note"), series.note);
    else
        object.remove(QStringLiteral("note"));
    return object;
}

} // namespace feeddeck::workspace

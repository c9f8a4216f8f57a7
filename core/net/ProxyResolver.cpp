#include "core/net/ProxyResolver.h"

#include "core/net/NoProxyList.h"

#include <QProcessEnvironment>

namespace feeddeck::net {

namespace {

// The first of `names` set to a non-empty value, as {name, value}; {} when none is.
std::pair<QString, QString> firstSet(const Environment &env, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString key = QString::fromLatin1(name);
        const QString value = env.value(key).trimmed();
        if (!value.isEmpty())
            return {key, value};
    }
    return {};
}

} // namespace

std::variant<ProxySetting, QString> parseProxySetting(const QString &text)
{
    if (text == QStringLiteral("system"))
        return ProxySetting{};
    if (text == QStringLiteral("none"))
        return ProxySetting{.mode = ProxySetting::Mode::None};
    if (text.isEmpty())
        return QStringLiteral("is empty; use \"system\", \"none\" or a proxy URL such as http://host:3128");
    std::variant<ProxyServer, QString> server = parseProxyUrl(text, ProxyUrlStyle::Workspace);
    if (QString *problem = std::get_if<QString>(&server))
        return *problem;
    ProxySetting setting{.mode = ProxySetting::Mode::Url, .server = std::get<ProxyServer>(server)};
    setting.server.origin = QStringLiteral("the feed's \"proxy\"");
    return setting;
}

Environment processEnvironment()
{
    Environment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &key : system.keys())
        env.insert(key, system.value(key));
    return env;
}

ProxyResolution resolveProxy(const ProxySetting &setting, const QUrl &target, const Environment &env)
{
    switch (setting.mode) {
    case ProxySetting::Mode::None:
        return {};
    case ProxySetting::Mode::Url:
        return {.server = setting.server};
    case ProxySetting::Mode::System:
        break;
    }

    const bool secure = target.scheme() == QStringLiteral("wss");
    const int port = target.port(secure ? 443 : 80);
    if (const auto [name, value] = firstSet(env, {"no_proxy", "NO_PROXY"}); !name.isEmpty()) {
        if (NoProxyList(value).matches(target.host(), port)) {
            ProxyResolution direct;
            direct.server.origin = name;
            return direct;
        }
    }
    const auto [name, value] = secure ? firstSet(env, {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
                                      : firstSet(env, {"http_proxy", "all_proxy", "ALL_PROXY"});
    if (name.isEmpty())
        return {.outcome = ProxyResolution::Outcome::AskSystem};
    std::variant<ProxyServer, QString> server = parseProxyUrl(value, ProxyUrlStyle::Environment);
    if (const QString *problem = std::get_if<QString>(&server)) {
        return {.outcome = ProxyResolution::Outcome::Error,
                .error = QStringLiteral("the environment variable %1 %2; fix or unset it, or give the feed its own "
                                        "\"proxy\"")
                             .arg(name, *problem)};
    }
    ProxyResolution use{.server = std::get<ProxyServer>(server)};
    use.server.origin = name;
    return use;
}

} // namespace feeddeck::net

#include "core/export/AtomicFile.h"
#include "tests/support/NoFreeFileHandle.h"

#include <QDir>
#include <QFile>
#include <QIODevice>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <stdexcept>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

using namespace feeddeck::exporting;

namespace {

ExportWriter writes(QByteArray bytes)
{
    return [bytes](QIODevice &device, QString *) { return device.write(bytes) == bytes.size(); };
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>";
    return f.readAll();
}

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                               QDir::Name);
}

// Keeps the process's working directory for one test.
class CurrentDirGuard
{
public:
    explicit CurrentDirGuard(const QString &dir) : m_previous(QDir::currentPath())
    {
        QDir::setCurrent(dir);
    }
    ~CurrentDirGuard() { QDir::setCurrent(m_previous); }

private:
    QString m_previous;
};

} // namespace

class TstAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void successWritesTheFile();
    void successReplacesAPreviousFile();
    void missingFolderFailsWithoutCreatingIt();
    void folderThatIsAFileFails();
    void pathThatIsAFolderFails();
    void failingWriterLeavesThePreviousFileAndNoTemporaryFiles();
    void failingWriterWithoutAPreviousFileLeavesNothing();
    void throwingWriterIsReportedNotPropagated();
    void noFileHandleLeftFailsWithTheReasonAndLeavesNothing();
    void fileLimitReachedPartWayFailsEvenIfTheWriterIgnoresIt();
    void emptyPathFails();
    void dashWritesToStandardOutputNotAFile();
};

void TstAtomicFile::successWritesTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const ExportResult result = writeAtomically(path, writes("a,b\r\n1,2\r\n"));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    QCOMPARE(readAll(path), QByteArray("a,b\r\n1,2\r\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("out.csv")});
}

void TstAtomicFile::successReplacesAPreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    QVERIFY(writeAtomically(path, writes("old content that is longer\n")).ok);
    QVERIFY(writeAtomically(path, writes("new\n")).ok);
    QCOMPARE(readAll(path), QByteArray("new\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("out.csv")});
}

void TstAtomicFile::missingFolderFailsWithoutCreatingIt()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("no/such/dir"));
    const QString path = folder + QStringLiteral("/x.csv");
    bool writerRan = false;
    const ExportResult result = writeAtomically(path, [&](QIODevice &, QString *) {
        writerRan = true;
        return true;
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.error, QStringLiteral("cannot write \"%1\": the folder \"%2\" does not exist")
                               .arg(path, folder));
    QVERIFY(!writerRan);
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(entries(dir.path()).isEmpty());
}

void TstAtomicFile::folderThatIsAFileFails()
{
    QTemporaryDir dir;
    const QString notAFolder = dir.filePath(QStringLiteral("file"));
    QVERIFY(writeAtomically(notAFolder, writes("x")).ok);
    const ExportResult result = writeAtomically(notAFolder + QStringLiteral("/x.csv"), writes("y"));
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(QStringLiteral("is not a folder")), qPrintable(result.error));
    QCOMPARE(readAll(notAFolder), QByteArray("x"));
}

void TstAtomicFile::pathThatIsAFolderFails()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
    const QString path = dir.filePath(QStringLiteral("sub"));
    const ExportResult result = writeAtomically(path, writes("y"));
    QVERIFY(!result.ok);
    QCOMPARE(result.error, QStringLiteral("cannot write \"%1\": it is a folder").arg(path));
    QVERIFY(QFileInfo(path).isDir());
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("sub")});
}

void TstAtomicFile::failingWriterLeavesThePreviousFileAndNoTemporaryFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("snapshot.csv"));
    const QByteArray previous("feed,symbol\r\nCrypto,BTC-USD\r\n");
    QVERIFY(writeAtomically(path, writes(previous)).ok);

    const ExportResult result = writeAtomically(path, [](QIODevice &device, QString *error) {
        device.write(QByteArray(200 * 1024, 'z')); // part of a new file is already out
        *error = QStringLiteral("the export was cancelled");
        return false;
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.error,
             QStringLiteral("cannot write \"%1\": the export was cancelled").arg(path));
    QCOMPARE(readAll(path), previous);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("snapshot.csv")});
}

void TstAtomicFile::failingWriterWithoutAPreviousFileLeavesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.csv"));
    const ExportResult result = writeAtomically(path, [](QIODevice &device, QString *) {
        device.write("partial");
        return false;
    });
    QVERIFY(!result.ok);
    QVERIFY(result.error.startsWith(QStringLiteral("cannot write \"%1\": ").arg(path)));
    QVERIFY(entries(dir.path()).isEmpty());
}

void TstAtomicFile::throwingWriterIsReportedNotPropagated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.csv"));
    const ExportResult result = writeAtomically(path, [](QIODevice &device, QString *) -> bool {
        device.write("partial");
        throw std::runtime_error("disk on fire");
    });
    QVERIFY(!result.ok);
    QCOMPARE(result.error, QStringLiteral("cannot write \"%1\": disk on fire").arg(path));
    QVERIFY(entries(dir.path()).isEmpty());
}

void TstAtomicFile::noFileHandleLeftFailsWithTheReasonAndLeavesNothing()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_NOFILE");
#else
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.csv"));
    ExportResult result;
    {
        const feeddeck::testing::NoFreeFileHandle noHandle;
        QVERIFY(noHandle.active());
        result = writeAtomically(path, writes("x"));
    }
    QVERIFY(!result.ok);
    QVERIFY2(result.error.startsWith(QStringLiteral("cannot write \"%1\": ").arg(path)), qPrintable(result.error));
    QVERIFY2(result.error.contains(QStringLiteral("too many open files"), Qt::CaseInsensitive),
             qPrintable(result.error));
    QVERIFY(entries(dir.path()).isEmpty());
#endif
}

void TstAtomicFile::fileLimitReachedPartWayFailsEvenIfTheWriterIgnoresIt()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_FSIZE");
#else
    // A file size limit makes the disk "fill up" after 64 KiB, the way a full disk does.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QVERIFY(writeAtomically(path, writes("previous\n")).ok);

    rlimit before{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &before), 0);
    rlimit limited = before;
    limited.rlim_cur = 64 * 1024;
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
    const ExportResult result = writeAtomically(path, [](QIODevice &device, QString *) {
        device.write(QByteArray(1 << 20, 'x')); // the result is ignored on purpose
        return true;
    });
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!result.ok);
    QCOMPARE(result.error, QStringLiteral("cannot write \"%1\": file too large").arg(path));
    QCOMPARE(readAll(path), QByteArray("previous\n"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("big.csv")});
#endif
}

void TstAtomicFile::emptyPathFails()
{
    const ExportResult result = writeAtomically(QString(), writes("x"));
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
}

void TstAtomicFile::dashWritesToStandardOutputNotAFile()
{
    QTemporaryDir dir;
    const CurrentDirGuard cwd(dir.path());
    const QByteArray text("feed,symbol\r\n");
#ifdef Q_OS_UNIX
    // Point the stdout descriptor at a file for the duration of the call.
    const QString capturePath = dir.filePath(QStringLiteral("captured.txt"));
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    const int capture = ::open(QFile::encodeName(capturePath).constData(),
                               O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QVERIFY(saved >= 0 && capture >= 0);
    ::dup2(capture, STDOUT_FILENO);
    const ExportResult result = writeAtomically(QStringLiteral("-"), writes(text));
    std::fflush(stdout);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    ::close(capture);
    QVERIFY2(result.ok, qPrintable(result.error));
    QCOMPARE(readAll(capturePath), text);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("captured.txt")});
#else
    const ExportResult result = writeAtomically(QStringLiteral("-"), writes(text));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(entries(dir.path()).isEmpty());
#endif
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("-"))));
}

QTEST_GUILESS_MAIN(TstAtomicFile)
#include "tst_atomicfile.moc"

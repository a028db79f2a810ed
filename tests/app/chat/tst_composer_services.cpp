// What the composer and the top bar bind to, on real files and a real (tiny,
// random-weight) model run by the engine: attachments accepted, refused, hashed and
// stored with the user message; drops routed (a .gguf is imported, documents are
// attached); the context usage from the engine's own token counts; the device label.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "attachmentlistmodel.h"
#include "chatcontroller.h"
#include "deviceinfo.h"
#include "random_model.h"

using siliang::app::AttachmentListModel;
using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return {};
    f.write(bytes);
    return QFileInfo(path).absoluteFilePath();
}

QString sha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

void writeModel(const QString& path) {
    siliang::test_models::RandomModelSpec spec;
    spec.arch = "llama";
    spec.context_length = 2048;
    spec.type = siliang::gguf::TensorType::Q8_0;
    spec.vocab_from = SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-llama-spm.gguf";
    siliang::test_models::write_random_model(spec, path.toStdString());
}

}  // namespace

class TestComposerServices : public QObject {
    Q_OBJECT
private slots:
    void attachmentsAcceptDocumentsOnly();
    void attachmentsAreHashedAndTaken();
    void dropRoutesModelsAndDocuments();
    void sendStoresAttachmentsAndCountsContext();
    void deviceLabelSaysWhy();
};

void TestComposerServices::attachmentsAcceptDocumentsOnly() {
    QTemporaryDir dir;
    const QString notes = writeFile(dir.filePath(QStringLiteral("notes.md")), "# Notes\n");
    const QString paper = writeFile(dir.filePath(QStringLiteral("Paper.PDF")), "%PDF-1.4\n");
    const QString tool = writeFile(dir.filePath(QStringLiteral("tool.exe")), "MZ");
    AttachmentListModel list;
    QSignalSpy count(&list, &AttachmentListModel::countChanged);

    QCOMPARE(list.add(QVariantList{QUrl::fromLocalFile(notes), paper, tool,
                                   dir.filePath(QStringLiteral("gone.txt"))}),
             2);
    QCOMPARE(list.rowCount(), 2);
    QCOMPARE(count.size(), 1);
    QCOMPARE(list.index(0).data(AttachmentListModel::FileNameRole).toString(),
             QStringLiteral("notes.md"));
    QCOMPARE(list.index(0).data(AttachmentListModel::SizeRole).toLongLong(), 8);
    QCOMPARE(list.index(0).data(AttachmentListModel::SizeTextRole).toString(),
             QStringLiteral("8 B"));
    QCOMPARE(list.index(1).data(AttachmentListModel::KindRole).toString(), QStringLiteral("pdf"));
    // Both refusals are named, one line each.
    const QStringList errors = list.lastError().split(QLatin1Char('\n'));
    QCOMPARE(errors.size(), 2);
    QVERIFY2(errors.at(0).startsWith(QStringLiteral("tool.exe: not a document")),
             qPrintable(errors.at(0)));
    QCOMPARE(errors.at(1), QStringLiteral("gone.txt: no such file."));

    // The same file twice is one attachment; a good add clears the old error.
    QCOMPARE(list.add(notes), 0);
    QCOMPARE(list.rowCount(), 2);
    QVERIFY(list.lastError().isEmpty());

    list.remove(0);
    QCOMPARE(list.rowCount(), 1);
    QCOMPARE(list.index(0).data(AttachmentListModel::FileNameRole).toString(),
             QStringLiteral("Paper.PDF"));
    list.remove(5);  // out of range: nothing happens
    QCOMPARE(list.rowCount(), 1);
    list.clear();
    QCOMPARE(list.rowCount(), 0);
}

void TestComposerServices::attachmentsAreHashedAndTaken() {
    QTemporaryDir dir;
    const QByteArray csv = "city,population\nBeijing,21540000\n";
    const QString path = writeFile(dir.filePath(QStringLiteral("cities.csv")), csv);
    AttachmentListModel list;
    QCOMPARE(list.add(path), 1);
    list.waitForChecksums();
    QVERIFY(list.index(0).data(AttachmentListModel::ReadyRole).toBool());
    QCOMPARE(list.index(0).data(AttachmentListModel::MimeTypeRole).toString(),
             QStringLiteral("text/csv"));
    const QList<history::Attachment> taken = list.take();
    QCOMPARE(taken.size(), 1);
    QCOMPARE(taken.first().fileName, path);
    QCOMPARE(taken.first().size, csv.size());
    QCOMPARE(taken.first().sha256, sha256(csv));
    QCOMPARE(taken.first().mimeType, QStringLiteral("text/csv"));
    QCOMPARE(list.rowCount(), 0);  // taking empties the composer
}

void TestComposerServices::dropRoutesModelsAndDocuments() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    const QString model = dir.filePath(QStringLiteral("dropped.gguf"));
    writeModel(model);
    const QString doc = writeFile(dir.filePath(QStringLiteral("report.docx")), "PK");
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    ChatController chat(std::move(opened.store), QString());
    chat.setModelSources({models}, {});
    QSignalSpy imported(&chat.modelList(), &siliang::app::ModelListModel::imported);

    QCOMPARE(chat.acceptDrop(QVariantList{QUrl::fromLocalFile(model), QUrl::fromLocalFile(doc)}),
             2);
    QCOMPARE(chat.attachmentList().rowCount(), 1);
    QTRY_COMPARE(imported.size(), 1);
    QVERIFY(QFile::exists(models + QStringLiteral("/dropped.gguf")));
    // An imported model is loaded at once.
    QTRY_VERIFY_WITH_TIMEOUT(chat.modelLoaded(), 60000);
    QCOMPARE(chat.modelPath(), models + QStringLiteral("/dropped.gguf"));
    QVERIFY(chat.errorMessage().isEmpty());

    // A dropped .gguf that is not a model: the banner says so, nothing is copied.
    const QString fake = writeFile(dir.filePath(QStringLiteral("holiday.gguf")), "JFIF photo");
    QCOMPARE(chat.acceptDrop(QVariantList{QUrl::fromLocalFile(fake)}), 1);
    QTRY_VERIFY(!chat.errorMessage().isEmpty());
    QVERIFY2(
        chat.errorMessage().startsWith(QStringLiteral("holiday.gguf is not a usable GGUF model")),
        qPrintable(chat.errorMessage()));
    QVERIFY(!QFile::exists(models + QStringLiteral("/holiday.gguf")));
    QVERIFY(chat.modelLoaded());  // the loaded model stays
}

void TestComposerServices::sendStoresAttachmentsAndCountsContext() {
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("tiny.gguf"));
    writeModel(model);
    const QByteArray text = "Siliang means four ounces.\n";
    const QString doc = writeFile(dir.filePath(QStringLiteral("glossary.txt")), text);
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    ChatController chat(std::move(opened.store), QString());
    chat.setMaxTokens(6);
    QCOMPARE(chat.contextSize(), 0);
    QCOMPARE(chat.contextUsed(), 0);

    QSignalSpy context(&chat, &ChatController::contextChanged);
    chat.loadModel(model);
    QTRY_VERIFY_WITH_TIMEOUT(chat.modelLoaded(), 60000);
    QCOMPARE(chat.contextSize(), 2048);  // the model's trained context (under the 4096 cap)

    QCOMPARE(chat.attachmentList().add(doc), 1);
    chat.attachmentList().waitForChecksums();
    chat.send(QStringLiteral("What does the glossary say?"));
    QCOMPARE(chat.attachmentList().rowCount(), 0);
    // Before the engine has counted: an estimate from the text.
    QVERIFY(chat.contextEstimated());
    QVERIFY(chat.contextUsed() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), 120000);

    const auto& messages = chat.messageModel();
    QCOMPARE(messages.rowCount(), 2);
    const QVariantMap stats = messages.at(1).stats;
    const int counted = stats.value(QStringLiteral("promptTokens")).toInt() +
                        stats.value(QStringLiteral("completionTokens")).toInt();
    QVERIFY(stats.value(QStringLiteral("promptTokens")).toInt() > 5);
    QCOMPARE(chat.contextUsed(), counted);
    QVERIFY(!chat.contextEstimated());
    QVERIFY(context.size() >= 2);

    const QList<history::Attachment> stored = chat.store()->attachments(messages.at(0).id);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().fileName, doc);
    QCOMPARE(stored.first().size, text.size());
    QCOMPARE(stored.first().sha256, sha256(text));
    QCOMPARE(stored.first().mimeType, QStringLiteral("text/plain"));
    QVERIFY(chat.store()->attachments(messages.at(1).id).isEmpty());

    // A new conversation uses nothing.
    chat.newConversation();
    QCOMPARE(chat.contextUsed(), 0);
}

void TestComposerServices::deviceLabelSaysWhy() {
    using siliang::app::describeDevice;
    auto cpu = describeDevice(QStringLiteral("cpu"), {}, {QStringLiteral("cpu")}, 8);
    QCOMPARE(cpu.label, QStringLiteral("CPU"));
    QCOMPARE(cpu.reason, QStringLiteral("Running on the CPU with 8 threads. No CUDA or Vulkan "
                                        "backend is available in this build."));
    cpu = describeDevice(QStringLiteral("cpu"), {},
                         {QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("vulkan")},
                         1);
    QCOMPARE(cpu.reason, QStringLiteral("Running on the CPU with 1 thread. No usable GPU was "
                                        "found (backends available: CUDA, Vulkan)."));
    const auto cuda =
        describeDevice(QStringLiteral("cuda"), QStringLiteral("NVIDIA GeForce RTX 4090"),
                       {QStringLiteral("cpu"), QStringLiteral("cuda")}, 8);
    QCOMPARE(cuda.label, QStringLiteral("CUDA (NVIDIA GeForce RTX 4090)"));
    QVERIFY(cuda.reason.contains(QStringLiteral("NVIDIA GeForce RTX 4090 with CUDA")));
    const auto vulkan = describeDevice(QStringLiteral("vulkan"), QStringLiteral("AMD Radeon 780M"),
                                       {QStringLiteral("cpu"), QStringLiteral("vulkan")}, 8);
    QCOMPARE(vulkan.label, QStringLiteral("Vulkan (AMD Radeon 780M)"));
    QVERIFY(vulkan.reason.contains(QStringLiteral("no CUDA device")));

    // This build: the CPU backend is registered, nothing else.
    const auto current = siliang::app::currentDevice();
    QCOMPARE(current.label, QStringLiteral("CPU"));
    QVERIFY(current.reason.contains(QStringLiteral("No CUDA or Vulkan backend")));
}

QTEST_GUILESS_MAIN(TestComposerServices)
#include "tst_composer_services.moc"

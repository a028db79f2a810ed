// ModelListModel on real GGUF files (tiny random-weight models written for the
// test, the shared vocabulary GGUFs, and files that are not GGUF at all): header
// fields read off the GUI thread, clear errors for unusable files, import by copy
// with progress, registration in place that survives a restart, and cancel.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>

#include "gguf/gguf_reader.h"
#include "model/model_info.h"
#include "modellistmodel.h"
#include "modelsummary.h"
#include "random_model.h"

using siliang::app::ModelListModel;
using siliang::app::ModelSummary;

namespace {

const QString kVocab = QStringLiteral(SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-llama-spm.gguf");
const QString kBertVocab = QStringLiteral(SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-bert-bge.gguf");

// A small llama model (tokenizer from the shared SentencePiece vocabulary).
void writeModel(const QString& path, int contextLength, int nEmbd = 64) {
    siliang::test_models::RandomModelSpec spec;
    spec.arch = "llama";
    spec.n_embd = nEmbd;
    spec.n_ff = nEmbd * 2;
    spec.context_length = contextLength;
    spec.type = siliang::gguf::TensorType::Q8_0;
    spec.vocab_from = kVocab.toStdString();
    siliang::test_models::write_random_model(spec, path.toStdString());
}

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool allReady(const ModelListModel& list) {
    for (int i = 0; i < list.rowCount(); ++i)
        if (!list.isReady(i)) return false;
    return true;
}

}  // namespace

class TestModelList : public QObject {
    Q_OBJECT
private slots:
    void summaryMatchesTheEngineModelInfo();
    void summaryExplainsUnusableFiles();
    void listShowsHeaderFieldsOfEveryModel();
    void importCopiesIntoTheModelsFolder();
    void importRefusesFilesTheEngineCannotRun();
    void importInPlaceIsRememberedAcrossRuns();
    void cancelledImportLeavesNothingBehind();
    void formatsSizesAndCounts();
};

void TestModelList::summaryMatchesTheEngineModelInfo() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tiny.gguf"));
    writeModel(path, 2048);
    const ModelSummary s = siliang::app::readModelSummary(path);
    QVERIFY2(s.ok(), qPrintable(s.error));
    const auto file = siliang::gguf::File::open(path.toStdString());
    const auto info = siliang::model::read_model_info(file);
    QCOMPARE(s.architecture, QStringLiteral("llama"));
    QCOMPARE(s.name, QStringLiteral("siliang-random-llama"));
    QCOMPARE(s.quantization, QString::fromStdString(info.quantization));
    QCOMPARE(s.quantization, QStringLiteral("Q8_0"));
    QCOMPARE(s.parameters, static_cast<qint64>(info.parameters));
    QVERIFY(s.parameters > 32000 * 64);  // at least the embedding table
    QCOMPARE(s.contextLength, 2048);
    QCOMPARE(s.fileSize, QFileInfo(path).size());
}

void TestModelList::summaryExplainsUnusableFiles() {
    QTemporaryDir dir;
    const QString text = dir.filePath(QStringLiteral("notes.gguf"));
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("these are notes, not a model\n");
    f.close();
    ModelSummary s = siliang::app::readModelSummary(text);
    QVERIFY(!s.ok());
    QVERIFY2(s.error.startsWith(QStringLiteral("notes.gguf is not a usable GGUF model")),
             qPrintable(s.error));

    // Truncated: the first 100 bytes of a real model.
    const QString whole = dir.filePath(QStringLiteral("whole.gguf"));
    writeModel(whole, 2048);
    const QString cut = dir.filePath(QStringLiteral("cut.gguf"));
    QFile out(cut);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(contents(whole).left(100));
    out.close();
    s = siliang::app::readModelSummary(cut);
    QVERIFY2(s.error.startsWith(QStringLiteral("cut.gguf is not a usable GGUF model")),
             qPrintable(s.error));

    // A valid GGUF of an architecture the engine does not run (BERT vocabulary file).
    s = siliang::app::readModelSummary(kBertVocab);
    QCOMPARE(s.architecture, QStringLiteral("bert"));
    QVERIFY2(
        s.error.startsWith(QStringLiteral("ggml-vocab-bert-bge.gguf cannot be run by Siliang")),
        qPrintable(s.error));
    QVERIFY2(s.error.contains(QStringLiteral("bert")), qPrintable(s.error));

    s = siliang::app::readModelSummary(dir.filePath(QStringLiteral("missing.gguf")));
    QCOMPARE(s.error, QStringLiteral("missing.gguf: no such file."));
}

void TestModelList::listShowsHeaderFieldsOfEveryModel() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(models));
    writeModel(models + QStringLiteral("/a-small.gguf"), 4096);
    QFile bad(models + QStringLiteral("/b-broken.gguf"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("GGUF but not really");
    bad.close();
    QFile other(models + QStringLiteral("/readme.txt"));  // not listed
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();

    ModelListModel list;
    list.setModelsFolder(models);
    list.setSessionFiles({kBertVocab});
    QCOMPARE(list.rowCount(), 3);
    QTRY_VERIFY(allReady(list));

    const int small = list.indexOfPath(models + QStringLiteral("/a-small.gguf"));
    QVERIFY(small >= 0);
    const QModelIndex i = list.index(small);
    QCOMPARE(i.data(ModelListModel::ArchitectureRole).toString(), QStringLiteral("llama"));
    QCOMPARE(i.data(ModelListModel::QuantizationRole).toString(), QStringLiteral("Q8_0"));
    QCOMPARE(i.data(ModelListModel::ContextLengthRole).toLongLong(), 4096);
    QVERIFY(i.data(ModelListModel::ErrorRole).toString().isEmpty());
    const QString details = i.data(ModelListModel::DetailsRole).toString();
    QVERIFY2(details.startsWith(QStringLiteral("llama · 2M · Q8_0 · 4K context · ")),
             qPrintable(details));
    QVERIFY(details.endsWith(QStringLiteral(" MiB")));

    const QModelIndex broken =
        list.index(list.indexOfPath(models + QStringLiteral("/b-broken.gguf")));
    QVERIFY(broken.data(ModelListModel::ErrorRole)
                .toString()
                .startsWith(QStringLiteral("b-broken.gguf is not a usable GGUF model")));
    const QModelIndex bert = list.index(list.indexOfPath(kBertVocab));
    QVERIFY(bert.data(ModelListModel::ErrorRole).toString().contains(QStringLiteral("bert")));

    // A refresh with nothing changed reads no header again (the cache answers).
    list.refresh();
    QVERIFY(allReady(list));
}

void TestModelList::importCopiesIntoTheModelsFolder() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    const QString source = dir.filePath(QStringLiteral("Downloads/my-model.gguf"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("Downloads"))));
    writeModel(source, 2048);

    ModelListModel list;
    list.setModelsFolder(models);
    QCOMPARE(list.rowCount(), 0);
    QSignalSpy imported(&list, &ModelListModel::imported);
    QSignalSpy failed(&list, &ModelListModel::importFailed);
    QSignalSpy progress(&list, &ModelListModel::importProgressChanged);
    list.importModel(QUrl::fromLocalFile(source).toString());
    QVERIFY(list.importing());
    QCOMPARE(list.importName(), QStringLiteral("my-model.gguf"));
    QTRY_COMPARE(imported.size(), 1);
    QCOMPARE(failed.size(), 0);
    const QString copied = models + QStringLiteral("/my-model.gguf");
    QCOMPARE(imported.first().first().toString(), copied);
    QVERIFY(!list.importing());
    QCOMPARE(list.importProgress(), 1.0);
    QVERIFY(progress.size() >= 2);
    QCOMPARE(contents(copied), contents(source));
    QVERIFY(!QFile::exists(copied + QStringLiteral(".part")));
    QCOMPARE(list.rowCount(), 1);
    QCOMPARE(list.indexOfPath(copied), 0);

    // The same file again: already there, nothing copied twice.
    list.importModel(source);
    QTRY_COMPARE(imported.size(), 2);
    QCOMPARE(imported.last().first().toString(), copied);
    QCOMPARE(QDir(models).entryList(QDir::Files).size(), 1);

    // A different model with the same name gets a free name, not an overwrite.
    const QString other = dir.filePath(QStringLiteral("other/my-model.gguf"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("other"))));
    writeModel(other, 1024, 32);
    list.importModel(other);
    QTRY_COMPARE(imported.size(), 3);
    QCOMPARE(imported.last().first().toString(), models + QStringLiteral("/my-model (2).gguf"));
    QCOMPARE(contents(copied), contents(source));
    QCOMPARE(list.rowCount(), 2);
}

void TestModelList::importRefusesFilesTheEngineCannotRun() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    ModelListModel list;
    list.setModelsFolder(models);
    QSignalSpy imported(&list, &ModelListModel::imported);
    QSignalSpy failed(&list, &ModelListModel::importFailed);

    const QString text = dir.filePath(QStringLiteral("photo.gguf"));
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, '\xff'));
    f.close();
    list.importModel(text);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().startsWith(
                 QStringLiteral("photo.gguf is not a usable GGUF model")),
             qPrintable(failed.first().first().toString()));

    list.importModel(kBertVocab);
    QTRY_COMPARE(failed.size(), 2);
    QVERIFY(failed.last().first().toString().contains(QStringLiteral("cannot be run by Siliang")));

    list.importModel(dir.filePath(QStringLiteral("nothing-here.gguf")));
    QCOMPARE(failed.size(), 3);  // at once: no worker needed
    QVERIFY(failed.last().first().toString().endsWith(QStringLiteral("no such file.")));

    QCOMPARE(imported.size(), 0);
    QVERIFY(QDir(models).entryList(QDir::Files).isEmpty());
    QCOMPARE(list.rowCount(), 0);
}

void TestModelList::importInPlaceIsRememberedAcrossRuns() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    const QString registry = dir.filePath(QStringLiteral("models.json"));
    const QString source = dir.filePath(QStringLiteral("elsewhere.gguf"));
    writeModel(source, 2048);
    {
        ModelListModel list;
        list.setModelsFolder(models);
        list.setRegistryFile(registry);
        list.setCopyOnImport(false);
        QSignalSpy imported(&list, &ModelListModel::imported);
        list.importModel(source);
        QTRY_COMPARE(imported.size(), 1);
        QCOMPARE(imported.first().first().toString(), source);
        QVERIFY(QDir(models).entryList(QDir::Files).isEmpty());  // no copy
        QCOMPARE(list.paths(), QStringList{source});
    }
    {
        ModelListModel list;  // the next run
        list.setModelsFolder(models);
        list.setRegistryFile(registry);
        QCOMPARE(list.paths(), QStringList{source});
        list.forget(source);
        QCOMPARE(list.rowCount(), 0);
        QVERIFY(QFile::exists(source));  // forgetting never deletes the file
    }
    ModelListModel list;
    list.setRegistryFile(registry);
    QCOMPARE(list.rowCount(), 0);
}

void TestModelList::cancelledImportLeavesNothingBehind() {
    QTemporaryDir dir;
    const QString models = dir.filePath(QStringLiteral("models"));
    const QString source = dir.filePath(QStringLiteral("big.gguf"));
    // A valid model padded to ~40 MB (five copy chunks); the reader ignores the tail.
    writeModel(source, 2048);
    {
        QFile f(source);
        QVERIFY(f.open(QIODevice::Append));
        const QByteArray zeros(1024 * 1024, '\0');
        for (int i = 0; i < 40; ++i) QCOMPARE(f.write(zeros), zeros.size());
    }
    QVERIFY(QFileInfo(source).size() > 4 * 8 * 1024 * 1024);
    QVERIFY(siliang::app::readModelSummary(source).ok());
    ModelListModel list;
    list.setModelsFolder(models);
    QSignalSpy imported(&list, &ModelListModel::imported);
    QSignalSpy failed(&list, &ModelListModel::importFailed);
    QSignalSpy state(&list, &ModelListModel::importStateChanged);
    list.importModel(source);
    list.cancelImport();  // before the first chunk: the header check comes first
    QTRY_VERIFY(!list.importing());
    QCOMPARE(imported.size(), 0);
    QCOMPARE(failed.size(), 0);  // cancelling is not an error
    QVERIFY(QDir(models).entryList(QDir::Files).isEmpty());
    QCOMPARE(list.rowCount(), 0);
}

void TestModelList::formatsSizesAndCounts() {
    using siliang::app::formatBytes;
    using siliang::app::formatParameters;
    QCOMPARE(formatBytes(12), QStringLiteral("12 B"));
    QCOMPARE(formatBytes(2048), QStringLiteral("2.0 KiB"));
    QCOMPARE(formatBytes(253'000'000), QStringLiteral("241 MiB"));
    QCOMPARE(formatBytes(4'400'000'000LL), QStringLiteral("4.1 GiB"));
    QCOMPARE(formatParameters(268'098'176), QStringLiteral("268M"));
    QCOMPARE(formatParameters(7'241'732'096LL), QStringLiteral("7.2B"));
    QCOMPARE(formatParameters(70'553'706'496LL), QStringLiteral("71B"));
    QCOMPARE(formatParameters(0), QString());
    QCOMPARE(ModelListModel::formatContext(32768), QStringLiteral("32K context"));
    QCOMPARE(ModelListModel::formatContext(1000), QStringLiteral("1000 context"));
    QCOMPARE(ModelListModel::formatContext(0), QString());
    QVERIFY(ModelListModel::isModelFile(QStringLiteral("file:///tmp/x/Model.GGUF")));
    QVERIFY(!ModelListModel::isModelFile(QStringLiteral("/tmp/x/notes.txt")));
}

QTEST_GUILESS_MAIN(TestModelList)
#include "tst_model_list.moc"

// SettingsController and the settings a turn is generated with: application
// settings and generation defaults persist across instances in a settings file;
// bad values are refused or clamped with a message (also when hand-edited into the
// file); a conversation's overrides round-trip through a real history file
// (keeping other keys of its settings JSON); the language switches at run time
// with the app's compiled translation; the map ChatController hands the engine
// carries the effective settings; and on the real Gemma 3 270M model (skipped when
// absent) the overrides of a new chat are stored with it and reach the engine:
// max tokens bounds the answer and the context size bounds the prompt. The models
// folder is checked, kept across restarts and rescanned; strings made in C++
// (sidebar sections, the device reason) follow a language switch without a reload.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <cmath>

#include "chatcontroller.h"
#include "settingscontroller.h"
#include "test_models.h"

using siliang::app::ChatController;
using siliang::app::GenerationSettings;
using siliang::app::SettingsController;
namespace history = siliang::history;

namespace {

QString gemmaPath() {
    return QString::fromStdString(siliang::testing::gemma3_test_model().string());
}

constexpr int kGenerationTimeoutMs = 180000;

std::unique_ptr<history::HistoryStore> openStore(const QString& path) {
    history::OpenResult opened = history::HistoryStore::open(path);
    return std::move(opened.store);
}

}  // namespace

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void defaultsPersistAcrossInstances();
    void memoryOnlyUntilAFileIsChosen();
    void invalidValuesAreRefusedOrClampedWithAMessage();
    void handEditedFileFallsBackToValidValues();
    void overridesRoundTripThroughTheStoreFile();
    void newChatOverridesGoWithItsFirstMessage();
    void languageSwitchesAtRunTime();
    void stringsMadeInCppFollowTheLanguage();
    void devicesComeFromTheBackendRegistry();
    void modelsFolderIsCheckedKeptAndRescanned();
    void effectiveSettingsReachTheEngineMap();
    void settingsReachTheEngineOnTheRealModel();
};

void TestSettings::modelsFolderIsCheckedKeptAndRescanned() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("settings.ini");
    const QString defaults = dir.filePath("models");
    const QString chosen = dir.filePath("usb/llm");
    QVERIFY(QDir().mkpath(defaults) && QDir().mkpath(chosen));
    QFile model(chosen + "/picked.gguf");
    QVERIFY(model.open(QIODevice::WriteOnly));
    model.close();
    QFile notes(dir.filePath("notes.txt"));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();
    const QString picked = QFileInfo(chosen + "/picked.gguf").absoluteFilePath();
    {
        ChatController chat(nullptr, {});
        SettingsController& prefs = chat.preferences();
        prefs.useSettingsFile(file);
        chat.setModelSources({defaults}, {});
        QCOMPARE(chat.modelList().modelsFolder(), defaults);
        QVERIFY(chat.availableModels().isEmpty());

        // Refused, each with the reason; the folder in use stays.
        QVERIFY(!prefs.setModelsFolder(dir.filePath("gone")));
        QCOMPARE(prefs.message(), dir.filePath("gone") + " does not exist.");
        QVERIFY(!prefs.setModelsFolder(notes.fileName()));
        QCOMPARE(prefs.message(), notes.fileName() + " is not a folder.");
        QVERIFY(!prefs.setModelsFolder("  "));
        QCOMPARE(prefs.message(), QStringLiteral("Choose a folder for your models."));
        QVERIFY(prefs.modelsFolder().isEmpty());
        QCOMPARE(chat.modelList().modelsFolder(), defaults);

        // Taken (a FolderDialog gives a URL): the list is rescanned from it at once.
        QSignalSpy changed(&chat.modelList(), &siliang::app::ModelListModel::modelsFolderChanged);
        QVERIFY(prefs.setModelsFolder(QUrl::fromLocalFile(chosen).toString()));
        QVERIFY(prefs.message().isEmpty());
        QCOMPARE(prefs.modelsFolder(), chosen);
        QCOMPARE(chat.modelList().modelsFolder(), chosen);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(chat.availableModels(), QStringList{picked});
    }
    {
        // A restart on the same settings file: the chosen folder over the default.
        ChatController chat(nullptr, {});
        chat.preferences().useSettingsFile(file);
        chat.setModelSources({defaults}, {});
        QCOMPARE(chat.preferences().modelsFolder(), chosen);
        QCOMPARE(chat.modelList().modelsFolder(), chosen);
        QCOMPARE(chat.availableModels(), QStringList{picked});
        QVERIFY(chat.errorMessage().isEmpty());
    }
    QVERIFY(QDir(dir.filePath("usb")).removeRecursively());
    {
        // The disk is gone: the default is used and the user is told; the choice stays.
        ChatController chat(nullptr, {});
        chat.preferences().useSettingsFile(file);
        chat.setModelSources({defaults}, {});
        QCOMPARE(chat.modelList().modelsFolder(), defaults);
        QCOMPARE(chat.errorMessage(), "The models folder cannot be used: " + chosen +
                                          " does not exist. Using " + defaults + " instead.");
        QCOMPARE(chat.preferences().modelsFolder(), chosen);
    }
}

void TestSettings::defaultsPersistAcrossInstances() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("settings.ini");
    {
        SettingsController a;
        a.useSettingsFile(file);
        QCOMPARE(a.defaultSettings().temperature, 0.8);  // nothing stored yet
        QVERIFY(a.setDefault("temperature", 0.3));
        QVERIFY(a.setDefault("topK", 12));
        QVERIFY(a.setDefault("topP", 0.5));
        QVERIFY(a.setDefault("minP", 0.1));
        QVERIFY(a.setDefault("repeatPenalty", 1.15));
        QVERIFY(a.setDefault("maxTokens", 300));
        QVERIFY(a.setDefault("contextSize", 2048));
        QVERIFY(a.setDefault("systemPrompt", QStringLiteral("Be brief.\nAnswer in 中文.")));
        QVERIFY(a.setDefault("showReasoning", false));
        a.setTheme("dark");
        a.setFontSize(18);
        a.setLanguage("en");
        a.setDevice("cpu");
        a.setThreads(1);
        QVERIFY2(a.message().isEmpty(), qPrintable(a.message()));
    }
    SettingsController b;
    QSignalSpy defaults(&b, &SettingsController::defaultsChanged);
    b.useSettingsFile(file);
    QVERIFY(!defaults.isEmpty());
    const GenerationSettings s = b.defaultSettings();
    QCOMPARE(s.temperature, 0.3);
    QCOMPARE(s.topK, 12);
    QCOMPARE(s.topP, 0.5);
    QCOMPARE(s.minP, 0.1);
    QCOMPARE(s.repeatPenalty, 1.15);
    QCOMPARE(s.maxTokens, 300);
    QCOMPARE(s.contextSize, 2048);
    QCOMPARE(s.systemPrompt, QStringLiteral("Be brief.\nAnswer in 中文."));
    QCOMPARE(s.showReasoning, false);
    QCOMPARE(b.theme(), QStringLiteral("dark"));
    QCOMPARE(b.fontSize(), 18);
    QCOMPARE(b.language(), QStringLiteral("en"));
    QCOMPARE(b.device(), QStringLiteral("cpu"));
    QCOMPARE(b.threads(), 1);
    // The QML side reads the same values through the map properties.
    QCOMPARE(b.defaults().value("topK").toInt(), 12);
    QCOMPARE(b.effective().value("temperature").toDouble(), 0.3);
}

void TestSettings::memoryOnlyUntilAFileIsChosen() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SettingsController a;
    QVERIFY(a.setDefault("temperature", 1.5));
    QCOMPARE(a.defaultSettings().temperature, 1.5);
    // Choosing a file loads what it holds (nothing): the memory-only value is gone
    // and nothing was written anywhere before.
    a.useSettingsFile(dir.filePath("settings.ini"));
    QCOMPARE(a.defaultSettings().temperature, 0.8);
    QVERIFY(!QFile::exists(dir.filePath("settings.ini")));
}

void TestSettings::invalidValuesAreRefusedOrClampedWithAMessage() {
    SettingsController s;
    struct Clamp {
        const char* key;
        QVariant given;
        QVariant stored;
    };
    const Clamp clamps[] = {
        {"temperature", 5.0, 2.0},   {"temperature", -1, 0.0},
        {"topK", 5000, 1000},        {"topK", -3, 0},
        {"topP", 1.5, 1.0},          {"minP", -0.2, 0.0},
        {"repeatPenalty", 0.5, 1.0}, {"repeatPenalty", 3, 2.0},
        {"maxTokens", 0, 1},         {"maxTokens", -7, -1},
        {"contextSize", 100, 256},   {"contextSize", 1e9, 131072},
        {"temperature", "1.9", 1.9},  // text that is a number is taken (INI files, QML)
    };
    for (const Clamp& c : clamps) {
        QVERIFY2(s.setDefault(c.key, c.given), c.key);
        QCOMPARE(s.defaults().value(c.key).toDouble(), c.stored.toDouble());
        const bool changed = c.given.toDouble() != c.stored.toDouble();
        QVERIFY2(changed == !s.message().isEmpty(), qPrintable(c.key + (": " + s.message())));
    }
    QVERIFY(s.setDefault("temperature", 3));
    QCOMPARE(s.message(), QStringLiteral("Temperature must be between 0 and 2; it is now 2."));

    // Refused: the value stays what it was.
    const GenerationSettings before = s.defaultSettings();
    QVERIFY(!s.setDefault("topK", "many"));
    QCOMPARE(s.message(), QStringLiteral("Top-k must be a number."));
    QVERIFY(!s.setDefault("temperature", std::nan("")));
    QVERIFY(!s.setDefault("showReasoning", "maybe"));
    QVERIFY(!s.setDefault("noSuchSetting", 1));
    QVERIFY(s.message().contains("noSuchSetting"));
    QVERIFY(!s.setOverride("topP", QVariantList{1, 2}));
    QCOMPARE(s.defaultSettings().topK, before.topK);
    QCOMPARE(s.defaultSettings().temperature, before.temperature);
    QVERIFY(s.overrides().isEmpty());

    // The context size is bounded by what the loaded model supports.
    s.setLoadedModel(2048, "cpu", 0);
    QCOMPARE(s.contextLimit(), 2048);
    QVERIFY(s.setDefault("contextSize", 8192));
    QCOMPARE(s.defaultSettings().contextSize, 2048);
    QVERIFY(s.message().contains("2048"));

    s.setTheme("purple");
    QCOMPARE(s.theme(), QStringLiteral("system"));
    QVERIFY(s.message().contains("purple"));
    s.setLanguage("tlh");
    QCOMPARE(s.language(), QStringLiteral("system"));
    s.setFontSize(40);
    QCOMPARE(s.fontSize(), SettingsController::kMaxFontSize);
    QVERIFY(s.message().contains("24"));
    s.setDevice("quantum");
    QCOMPARE(s.device(), QStringLiteral("auto"));
    QVERIFY(s.message().contains("cpu"));
    s.setThreads(100000);
    QCOMPARE(s.threads(), s.maxThreads());
    s.setThreads(-2);
    QCOMPARE(s.threads(), 0);
    s.clearMessage();
    QVERIFY(s.message().isEmpty());
}

void TestSettings::handEditedFileFallsBackToValidValues() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath("settings.ini");
    {
        QSettings ini(file, QSettings::IniFormat);
        ini.setValue("appearance/theme", "neon");
        ini.setValue("appearance/fontSize", 99);
        ini.setValue("engine/device", "abacus");
        ini.setValue("generation/temperature", "banana");
        ini.setValue("generation/topK", 99999);
        ini.setValue("generation/showReasoning", "false");
    }
    SettingsController s;
    s.useSettingsFile(file);
    QCOMPARE(s.theme(), QStringLiteral("system"));
    QCOMPARE(s.fontSize(), SettingsController::kMaxFontSize);
    QCOMPARE(s.device(), QStringLiteral("auto"));
    QCOMPARE(s.defaultSettings().temperature, 0.8);
    QCOMPARE(s.defaultSettings().topK, 1000);
    QCOMPARE(s.defaultSettings().showReasoning, false);
}

void TestSettings::overridesRoundTripThroughTheStoreFile() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath("history.sqlite3");
    qint64 id = 0;
    {
        auto store = openStore(db);
        QVERIFY(store);
        history::NewConversation init;
        init.title = "Overrides";
        init.model = "/models/a.gguf";
        // Someone else's key in the same JSON: it must survive.
        init.settings = QJsonObject{{"composerDraft", "half a sentence"}};
        id = store->createConversation(init);
        const qint64 other = store->createConversation(history::NewConversation{});

        SettingsController s;
        s.setStore(store.get());
        QVERIFY(s.setDefault("temperature", 0.7));
        s.setConversation(id);
        QVERIFY(s.overrides().isEmpty());
        QSignalSpy effective(&s, &SettingsController::effectiveChanged);
        QVERIFY(s.setOverride("temperature", 0.2));
        QVERIFY(s.setOverride("systemPrompt", QStringLiteral("Answer in French.")));
        QVERIFY(s.setOverride("maxTokens", 64));
        QCOMPARE(effective.size(), 3);
        QCOMPARE(s.effectiveSettings().temperature, 0.2);
        QCOMPARE(s.effectiveSettings().topK, 40);  // not overridden: the default
        QCOMPARE(s.defaultSettings().temperature, 0.7);
        s.resetOverride("maxTokens");
        QCOMPARE(s.effectiveSettings().maxTokens, -1);

        // Another conversation has none; coming back finds them again.
        s.setConversation(other);
        QVERIFY(s.overrides().isEmpty());
        QCOMPARE(s.effectiveSettings().temperature, 0.7);
        s.setConversation(id);
        QCOMPARE(s.overrides().size(), 2);
    }
    // A new process: the store file and a fresh controller.
    auto store = openStore(db);
    QVERIFY(store);
    const auto c = store->conversation(id);
    QVERIFY(c);
    QCOMPARE(c->systemPrompt, QStringLiteral("Answer in French."));
    QCOMPARE(c->model, QStringLiteral("/models/a.gguf"));
    QCOMPARE(c->settings.value("composerDraft").toString(), QStringLiteral("half a sentence"));
    QCOMPARE(c->settings.value("temperature").toDouble(), 0.2);
    QVERIFY(!c->settings.contains("maxTokens"));

    SettingsController s;
    s.setStore(store.get());
    s.setConversation(id);
    QCOMPARE(s.overrides().value("temperature").toDouble(), 0.2);
    QCOMPARE(s.overrides().value("systemPrompt").toString(), QStringLiteral("Answer in French."));
    QCOMPARE(s.effectiveSettings().systemPrompt, QStringLiteral("Answer in French."));

    s.resetOverrides();
    QVERIFY(s.overrides().isEmpty());
    const auto reset = store->conversation(id);
    QVERIFY(reset->systemPrompt.isEmpty());
    QVERIFY(!reset->settings.contains("temperature"));
    QCOMPARE(reset->settings.value("composerDraft").toString(), QStringLiteral("half a sentence"));

    // A conversation deleted from under the page: a message, no crash.
    store->deleteConversation(id);
    store->purgeDeleted(QDateTime::currentDateTimeUtc().addSecs(60));
    QVERIFY(!s.setOverride("topK", 3));
    QVERIFY(!s.message().isEmpty());
}

void TestSettings::newChatOverridesGoWithItsFirstMessage() {
    SettingsController s;
    s.setConversation(0);
    QVERIFY(s.setOverride("topK", 5));
    QVERIFY(s.setOverride("systemPrompt", QStringLiteral("Be terse.")));
    history::NewConversation init;
    s.fillNewConversation(init);
    QCOMPARE(init.settings.value("topK").toInt(), 5);
    QCOMPARE(init.systemPrompt, QStringLiteral("Be terse."));
}

void TestSettings::languageSwitchesAtRunTime() {
    const QString qm = QStringLiteral(SILIANG_QM_DIR "/siliang_zh_CN.qm");
    QVERIFY2(QFile::exists(qm), qPrintable(qm));
    SettingsController s;
    s.setTranslationsDir(QStringLiteral(SILIANG_QM_DIR));
    QSignalSpy changed(&s, &SettingsController::languageChanged);
    s.setLanguage("zh_CN");
    QCOMPARE(changed.size(), 1);
    QCOMPARE(QCoreApplication::translate("Sidebar", "New chat"), QStringLiteral("新对话"));
    QCOMPARE(QCoreApplication::translate("SettingsPage", "Settings"), QStringLiteral("设置"));
    s.setLanguage("en");
    QCOMPARE(QCoreApplication::translate("Sidebar", "New chat"), QStringLiteral("New chat"));
    s.setLanguage("zh_CN");
    QCOMPARE(QCoreApplication::translate("GenerationForm", "Temperature"), QStringLiteral("温度"));
    s.setLanguage("en");
}

void TestSettings::stringsMadeInCppFollowTheLanguage() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = openStore(dir.filePath("history.sqlite3"));
    QVERIFY(store);
    history::NewConversation init;
    init.title = QStringLiteral("Capitals");
    store->createConversation(init);
    init.title.clear();  // shown as "New chat"
    init.pinned = true;
    store->createConversation(init);
    ChatController chat(std::move(store), {});
    chat.preferences().setTranslationsDir(QStringLiteral(SILIANG_QM_DIR));
    const auto& list = chat.conversationModel();
    using Roles = siliang::app::ConversationListModel::Roles;
    QCOMPARE(list.rowCount(), 2);
    QCOMPARE(list.index(0).data(Roles::SectionRole).toString(), QStringLiteral("Pinned"));
    QCOMPARE(list.index(0).data(Roles::TitleRole).toString(), QStringLiteral("New chat"));
    QCOMPARE(list.index(1).data(Roles::SectionRole).toString(), QStringLiteral("Today"));
    QVERIFY(chat.deviceReason().startsWith(QStringLiteral("Running on the CPU")));

    // No reload, no refresh: the switch alone tells the views (dataChanged, NOTIFY).
    QSignalSpy rows(&list, &QAbstractItemModel::dataChanged);
    QSignalSpy device(&chat, &ChatController::deviceChanged);
    chat.preferences().setLanguage("zh_CN");
    QCOMPARE(list.index(0).data(Roles::SectionRole).toString(), QStringLiteral("已置顶"));
    QCOMPARE(list.index(1).data(Roles::SectionRole).toString(), QStringLiteral("今天"));
    QVERIFY(!rows.isEmpty());
    bool titleChanged = false;
    for (const QList<QVariant>& args : rows)
        titleChanged = titleChanged || args.at(2).value<QList<int>>().contains(Roles::TitleRole);
    QVERIFY(titleChanged);
    QCOMPARE(list.index(0).data(Roles::TitleRole).toString(), QStringLiteral("新对话"));
    QCOMPARE(device.size(), 1);
    QVERIFY2(chat.deviceReason().startsWith(QStringLiteral("在 CPU 上运行")),
             qPrintable(chat.deviceReason()));

    chat.preferences().setLanguage("en");
    QCOMPARE(list.index(1).data(Roles::SectionRole).toString(), QStringLiteral("Today"));
    QVERIFY(chat.deviceReason().startsWith(QStringLiteral("Running on the CPU")));
}

void TestSettings::devicesComeFromTheBackendRegistry() {
    SettingsController s;
    QVERIFY(s.devices().startsWith(QStringLiteral("auto")));
    QVERIFY(s.devices().contains(QStringLiteral("cpu")));
    QCOMPARE(s.device(), QStringLiteral("auto"));
    QVERIFY(s.devices().contains(s.resolvedDevice()));
    QVERIFY(s.resolvedDevice() != QStringLiteral("auto"));
    s.setDevice("cpu");
    s.setThreads(1);
    QCOMPARE(s.loadOptions().value("device").toString(), QStringLiteral("cpu"));
    QCOMPARE(s.loadOptions().value("threads").toInt(), 1);
    QCOMPARE(s.maxThreads(), std::max(1, QThread::idealThreadCount()));
    // Device and threads apply at the next load: a model loaded otherwise needs one.
    QVERIFY(!s.reloadNeeded());
    s.setLoadedModel(8192, "cpu", 0);
    QVERIFY(s.reloadNeeded());
    s.setLoadedModel(8192, "cpu", 1);
    QVERIFY(!s.reloadNeeded());
}

void TestSettings::effectiveSettingsReachTheEngineMap() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = openStore(dir.filePath("history.sqlite3"));
    QVERIFY(store);
    history::NewConversation init;
    init.title = "Tuned";
    const qint64 id = store->createConversation(init);
    ChatController chat(std::move(store), QString());
    chat.preferences().useSettingsFile(dir.filePath("settings.ini"));
    QVERIFY(chat.preferences().setDefault("topP", 0.5));
    QVERIFY(chat.preferences().setDefault("systemPrompt", QStringLiteral("Default prompt")));
    chat.openConversation(id);
    QCOMPARE(chat.preferences().conversationId(), id);
    QVERIFY(chat.preferences().setOverride("temperature", 0.1));
    QVERIFY(chat.preferences().setOverride("repeatPenalty", 1.3));

    QVariantMap map = chat.generationSettings();
    QCOMPARE(map.value("temperature").toDouble(), 0.1);
    QCOMPARE(map.value("repeatPenalty").toDouble(), 1.3);
    QCOMPARE(map.value("topP").toDouble(), 0.5);
    QCOMPARE(map.value("topK").toInt(), 40);
    QCOMPARE(map.value("minP").toDouble(), 0.05);
    QCOMPARE(map.value("contextSize").toInt(), 4096);
    QCOMPARE(map.value("maxTokens").toInt(), -1);
    QCOMPARE(map.value("systemPrompt").toString(), QStringLiteral("Default prompt"));
    QVERIFY(map.contains("seed"));
    QVERIFY(map.value("seed") != chat.generationSettings().value("seed"));  // fresh each turn
    QVERIFY(!map.contains("showReasoning"));  // the view's business, not the engine's
    // --max-tokens on the command line wins.
    chat.setMaxTokens(16);
    QCOMPARE(chat.generationSettings().value("maxTokens").toInt(), 16);
    // A new chat drops the conversation's overrides: the defaults again.
    chat.newConversation();
    QCOMPARE(chat.generationSettings().value("temperature").toDouble(), 0.8);
}

void TestSettings::settingsReachTheEngineOnTheRealModel() {
    if (!QFileInfo::exists(gemmaPath()))
        QSKIP("Gemma 3 270M not found (set SILIANG_GEMMA3_GGUF or run installer/setup-deps)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ChatController chat(openStore(dir.filePath("history.sqlite3")), QString());
    SettingsController& prefs = chat.preferences();
    prefs.useSettingsFile(dir.filePath("settings.ini"));
    prefs.setThreads(1);
    QVERIFY(prefs.setDefault("contextSize", 1024));
    QSignalSpy loaded(&chat.worker(), &siliang::app::EngineWorker::loaded);
    chat.loadModel(gemmaPath());
    QTRY_VERIFY_WITH_TIMEOUT(!chat.loading(), 120000);
    QVERIFY2(chat.modelLoaded(), qPrintable(chat.errorMessage()));
    QCOMPARE(loaded.size(), 1);
    const QVariantMap info = loaded.first().first().toMap();
    QCOMPARE(info.value("contextLength").toInt(), 1024);  // the session starts at the setting
    QCOMPARE(info.value("threads").toInt(), 1);
    QCOMPARE(info.value("device").toString(), QStringLiteral("cpu"));
    QVERIFY(!prefs.reloadNeeded());         // loaded with the chosen device and threads
    QVERIFY(prefs.contextLimit() >= 8192);  // Gemma 3 270M: 32768

    // A new chat's overrides: stored with the conversation its message creates,
    // and the engine stops after 3 tokens.
    QVERIFY(prefs.setOverride("maxTokens", 3));
    QVERIFY(prefs.setOverride("temperature", 0));
    QVERIFY(prefs.setOverride("systemPrompt", QStringLiteral("Reply with one word.")));
    chat.send(QStringLiteral("Name a colour."));
    QVERIFY(chat.generating());
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), kGenerationTimeoutMs);
    QVERIFY2(chat.errorMessage().isEmpty(), qPrintable(chat.errorMessage()));
    auto reader = chat.store()->openConnection();
    const auto c = reader->conversation(chat.conversationId());
    QVERIFY(c);
    QCOMPARE(c->systemPrompt, QStringLiteral("Reply with one word."));
    QCOMPARE(c->settings.value("maxTokens").toInt(), 3);
    const QList<history::Message> branch = reader->activeBranch(chat.conversationId());
    QCOMPARE(branch.size(), 2);
    const history::Message& answer = branch.last();
    QCOMPARE(answer.status, history::MessageStatus::Complete);
    QVERIFY(answer.stats.completionTokens >= 1);
    QVERIFY(answer.stats.completionTokens <= 3);
    // The message records what it was generated with.
    QCOMPARE(answer.settings.value("temperature").toDouble(), 0.0);
    QCOMPARE(answer.settings.value("systemPrompt").toString(),
             QStringLiteral("Reply with one word."));
    // The system prompt is part of the prompt the engine read.
    const int withSystem = answer.stats.promptTokens;

    // The context size reaches the session: a prompt longer than it is refused.
    QVERIFY(prefs.setOverride("contextSize", 256));
    QString longText;
    for (int i = 0; i < 60; ++i) longText += QStringLiteral("The quick brown fox jumps. ");
    chat.send(longText);
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), kGenerationTimeoutMs);
    const history::Message refused = reader->activeBranch(chat.conversationId()).last();
    QCOMPARE(refused.status, history::MessageStatus::Error);
    QVERIFY2(refused.errorMessage.contains("256"), qPrintable(refused.errorMessage));

    // Without the system prompt (a new chat, the defaults) the same question is shorter.
    chat.newConversation();
    QVERIFY(prefs.setOverride("maxTokens", 1));
    chat.send(QStringLiteral("Name a colour."));
    QTRY_VERIFY_WITH_TIMEOUT(!chat.generating(), kGenerationTimeoutMs);
    const history::Message plain = reader->activeBranch(chat.conversationId()).last();
    QCOMPARE(plain.status, history::MessageStatus::Complete);
    QVERIFY2(plain.stats.promptTokens < withSystem,
             qPrintable(QStringLiteral("%1 vs %2").arg(plain.stats.promptTokens).arg(withSystem)));
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"

// SettingsController: what the settings page binds to (chat.preferences in QML).
//
// Application settings (theme, font size, language, device, threads and the
// generation defaults) live in QSettings: the user's Siliang settings once
// useSystemSettings() or useSettingsFile() was called, memory only before that
// (so tests and tools never touch the user's file by accident).
// A conversation's overrides live in the history store with the conversation
// (its settings JSON; the system prompt also in its system_prompt column); a new
// chat keeps them in memory until its first message creates the conversation.
// Effective settings = the conversation's override, else the default.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTranslator>
#include <QVariantMap>
#include <memory>

#include "generationsettings.h"

class QSettings;

namespace siliang::history {
class HistoryStore;
struct NewConversation;
}  // namespace siliang::history

namespace siliang::app {

class SettingsController : public QObject {
    Q_OBJECT
    // "system" (follow the desktop), "light" or "dark".
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    // Base font size in pixels (kMinFontSize..kMaxFontSize); other sizes scale with it.
    Q_PROPERTY(int fontSize READ fontSize WRITE setFontSize NOTIFY fontSizeChanged)
    // "system", "en" or "zh_CN".
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    // "auto" or a backend the engine registered; used at the next model load.
    Q_PROPERTY(QString device READ device WRITE setDevice NOTIFY deviceChanged)
    Q_PROPERTY(QStringList devices READ devices CONSTANT)
    // 0: all hardware threads; used at the next model load.
    Q_PROPERTY(int threads READ threads WRITE setThreads NOTIFY threadsChanged)
    Q_PROPERTY(int maxThreads READ maxThreads CONSTANT)
    // The device and thread count differ from what the loaded model uses.
    Q_PROPERTY(bool reloadNeeded READ reloadNeeded NOTIFY reloadNeededChanged)
    Q_PROPERTY(QVariantMap defaults READ defaults NOTIFY defaultsChanged)
    // Only the keys this conversation overrides.
    Q_PROPERTY(QVariantMap overrides READ overrides NOTIFY overridesChanged)
    Q_PROPERTY(QVariantMap effective READ effective NOTIFY effectiveChanged)
    // Most context the loaded model supports (kDefaultContextLimit without a model).
    Q_PROPERTY(int contextLimit READ contextLimit NOTIFY contextLimitChanged)
    // The folder models are scanned in and imported to, as chosen by the user (empty:
    // the default, a "models" folder in the data folder).
    Q_PROPERTY(QString modelsFolder READ modelsFolder NOTIFY modelsFolderChanged)
    // Why the last change was refused or adjusted; empty when it was taken as given.
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    static constexpr int kMinFontSize = 10;
    static constexpr int kMaxFontSize = 24;
    static constexpr int kDefaultFontSize = 14;

    explicit SettingsController(QObject* parent = nullptr);
    ~SettingsController() override;

    // Where application settings persist; each reloads every value from there.
    void useSystemSettings();                   // QSettings("Siliang", "Siliang")
    void useSettingsFile(const QString& path);  // an INI file (tests)

    // The store holding conversation overrides (may be null: none are kept).
    void setStore(history::HistoryStore* store);
    // The open conversation (0: a new chat, not yet in the store).
    void setConversation(qint64 conversationId);
    qint64 conversationId() const { return conversationId_; }
    // A new chat's pending overrides, for the conversation its first message creates.
    void fillNewConversation(history::NewConversation& init) const;
    // What the loaded model supports and what it was loaded with.
    void setLoadedModel(int contextLimit, const QString& device, int threads);
    // Where the compiled translations are (default ":/i18n", files siliang_<lang>.qm).
    void setTranslationsDir(const QString& dir);
    // Installs the translator for language() (call once the application exists).
    // Returns false when the language has no translation (English is used).
    bool applyLanguage();

    QString theme() const { return theme_; }
    void setTheme(const QString& theme);
    int fontSize() const { return fontSize_; }
    void setFontSize(int size);
    QString language() const { return language_; }
    void setLanguage(const QString& language);
    QString device() const { return device_; }
    void setDevice(const QString& device);
    QStringList devices() const;
    int threads() const { return threads_; }
    void setThreads(int threads);
    int maxThreads() const;
    bool reloadNeeded() const;

    QVariantMap defaults() const { return defaults_.toMap(); }
    QVariantMap overrides() const { return overrides_; }
    QVariantMap effective() const { return effectiveSettings().toMap(); }
    GenerationSettings defaultSettings() const { return defaults_; }
    GenerationSettings effectiveSettings() const;
    int contextLimit() const;
    QString message() const { return message_; }
    QString modelsFolder() const { return modelsFolder_; }
    // Why `folder` cannot be the models folder (missing, not a folder, read-only);
    // empty when it can (settingscontroller_folders.cpp).
    static QString checkModelsFolder(const QString& folder);

    // The backend a load should use ("auto" resolved) and the thread count.
    QString resolvedDevice() const;
    // {"device": resolvedDevice(), "threads": threads(), "contextSize": effective
    // context size} for EngineWorker::load.
    QVariantMap loadOptions() const;

public slots:
    // Each returns false (and sets message) when the value is refused; a value out
    // of range is clamped, stored, and message says so.
    bool setDefault(const QString& key, const QVariant& value);
    bool setOverride(const QString& key, const QVariant& value);
    void resetOverride(const QString& key);
    void resetOverrides();
    void clearMessage();
    // A path or a file:// URL (what FolderDialog gives). Refused (false, message says
    // why) unless checkModelsFolder() accepts it; stored in the settings when taken.
    bool setModelsFolder(const QString& pathOrUrl);

signals:
    void themeChanged();
    void fontSizeChanged();
    void languageChanged();
    // applyLanguage() installed or removed the translator: strings made in C++
    // (section headers, the device reason...) are to be made again.
    void translationChanged();
    void deviceChanged();
    void threadsChanged();
    void reloadNeededChanged();
    void defaultsChanged();
    void overridesChanged();
    void effectiveChanged();
    void contextLimitChanged();
    void messageChanged();
    void modelsFolderChanged();

private:
    void load();
    void loadModelsFolder();
    void save(const QString& key, const QVariant& value);
    void setMessage(const QString& message);
    void loadOverrides();
    bool saveOverrides(const QVariantMap& overrides);

    std::unique_ptr<QSettings> settings_;  // null: nothing persists
    history::HistoryStore* store_ = nullptr;
    qint64 conversationId_ = 0;
    QString theme_ = QStringLiteral("system");
    int fontSize_ = kDefaultFontSize;
    QString language_ = QStringLiteral("system");
    QString device_ = QStringLiteral("auto");
    int threads_ = 0;
    GenerationSettings defaults_;
    QVariantMap overrides_;
    int modelContextLimit_ = 0;  // 0: no model loaded
    QString loadedDevice_;
    int loadedThreads_ = 0;
    QString message_;
    QString modelsFolder_;
    QString translationsDir_ = QStringLiteral(":/i18n");
    QTranslator translator_;
    bool translatorInstalled_ = false;
};

}  // namespace siliang::app

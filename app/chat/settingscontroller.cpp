// SettingsController: application settings (QSettings), devices and the language.
// The generation defaults and a conversation's overrides: settingscontroller_generation.cpp.
#include "settingscontroller.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>
#include <QThread>
#include <algorithm>

#include "backend/registry.h"

namespace siliang::app {

namespace {

const QStringList kThemes{QStringLiteral("system"), QStringLiteral("light"),
                          QStringLiteral("dark")};
const QStringList kLanguages{QStringLiteral("system"), QStringLiteral("en"),
                             QStringLiteral("zh_CN")};

QStringList registeredBackends() {
    QStringList out;
    for (const std::string& name : backend::available_backends())
        out.append(QString::fromStdString(name));
    return out;
}

}  // namespace

SettingsController::SettingsController(QObject* parent) : QObject(parent) {}

SettingsController::~SettingsController() {
    if (translatorInstalled_) QCoreApplication::removeTranslator(&translator_);
}

void SettingsController::useSystemSettings() {
    settings_ = std::make_unique<QSettings>(QStringLiteral("Siliang"), QStringLiteral("Siliang"));
    load();
}

void SettingsController::useSettingsFile(const QString& path) {
    settings_ = std::make_unique<QSettings>(path, QSettings::IniFormat);
    load();
}

// Reads every value back; anything missing or invalid (a hand-edited file) keeps
// its default rather than failing.
void SettingsController::load() {
    const QString theme = settings_->value(QStringLiteral("appearance/theme")).toString();
    theme_ = kThemes.contains(theme) ? theme : QStringLiteral("system");
    bool ok = false;
    const int font = settings_->value(QStringLiteral("appearance/fontSize")).toInt(&ok);
    fontSize_ = ok ? std::clamp(font, kMinFontSize, kMaxFontSize) : kDefaultFontSize;
    const QString language = settings_->value(QStringLiteral("language")).toString();
    language_ = kLanguages.contains(language) ? language : QStringLiteral("system");
    const QString device = settings_->value(QStringLiteral("engine/device")).toString();
    device_ = devices().contains(device) ? device : QStringLiteral("auto");
    const int threads = settings_->value(QStringLiteral("engine/threads")).toInt(&ok);
    threads_ = ok ? std::clamp(threads, 0, maxThreads()) : 0;

    GenerationSettings defaults;
    QVariantMap stored;
    for (const QString& key : generationKeys()) {
        const QVariant value = settings_->value(QStringLiteral("generation/") + key);
        if (!value.isValid()) continue;
        const CheckedSetting checked = checkGenerationSetting(key, value, 0);
        if (checked.accepted) stored.insert(key, checked.value);
    }
    defaults_ = defaults.merged(stored);

    emit themeChanged();
    emit fontSizeChanged();
    emit languageChanged();
    emit deviceChanged();
    emit threadsChanged();
    emit reloadNeededChanged();
    emit defaultsChanged();
    emit effectiveChanged();
    loadModelsFolder();
}

void SettingsController::save(const QString& key, const QVariant& value) {
    if (!settings_) return;
    settings_->setValue(key, value);
    settings_->sync();
    if (settings_->status() != QSettings::NoError)
        setMessage(tr("The settings could not be saved to %1.").arg(settings_->fileName()));
}

void SettingsController::setMessage(const QString& message) {
    if (message_ == message) return;
    message_ = message;
    emit messageChanged();
}

void SettingsController::clearMessage() {
    setMessage({});
}

void SettingsController::setTheme(const QString& theme) {
    if (!kThemes.contains(theme)) {
        setMessage(tr("Unknown theme “%1”.").arg(theme));
        return;
    }
    if (theme_ == theme) return;
    theme_ = theme;
    save(QStringLiteral("appearance/theme"), theme);
    emit themeChanged();
}

void SettingsController::setFontSize(int size) {
    const int clamped = std::clamp(size, kMinFontSize, kMaxFontSize);
    setMessage(clamped == size ? QString()
                               : tr("The font size must be between %1 and %2; it is now %3.")
                                     .arg(kMinFontSize)
                                     .arg(kMaxFontSize)
                                     .arg(clamped));
    if (fontSize_ == clamped) return;
    fontSize_ = clamped;
    save(QStringLiteral("appearance/fontSize"), clamped);
    emit fontSizeChanged();
}

void SettingsController::setLanguage(const QString& language) {
    if (!kLanguages.contains(language)) {
        setMessage(tr("Unknown language “%1”.").arg(language));
        return;
    }
    if (language_ == language) return;
    language_ = language;
    save(QStringLiteral("language"), language);
    applyLanguage();
    emit languageChanged();
}

void SettingsController::setTranslationsDir(const QString& dir) {
    translationsDir_ = dir;
}

bool SettingsController::applyLanguage() {
    if (translatorInstalled_) {
        QCoreApplication::removeTranslator(&translator_);
        translatorInstalled_ = false;
    }
    const QLocale locale =
        language_ == QLatin1String("system") ? QLocale::system() : QLocale(language_);
    if (language_ != QLatin1String("en") &&
        translator_.load(locale, QStringLiteral("siliang"), QStringLiteral("_"), translationsDir_))
        translatorInstalled_ = QCoreApplication::installTranslator(&translator_);
    emit translationChanged();
    return translatorInstalled_;
}

QStringList SettingsController::devices() const {
    return QStringList{QStringLiteral("auto")} + registeredBackends();
}

void SettingsController::setDevice(const QString& device) {
    if (!devices().contains(device)) {
        setMessage(tr("Unknown device “%1”; available: %2.")
                       .arg(device, devices().join(QStringLiteral(", "))));
        return;
    }
    if (device_ == device) return;
    device_ = device;
    save(QStringLiteral("engine/device"), device);
    emit deviceChanged();
    emit reloadNeededChanged();
}

QString SettingsController::resolvedDevice() const {
    if (device_ != QLatin1String("auto")) return device_;
    // A registered accelerator first; the CPU backend is always there.
    const QStringList backends = registeredBackends();
    for (const QString& name : backends)
        if (name != QLatin1String("cpu")) return name;
    return QStringLiteral("cpu");
}

int SettingsController::maxThreads() const {
    return std::max(1, QThread::idealThreadCount());
}

void SettingsController::setThreads(int threads) {
    const int clamped = std::clamp(threads, 0, maxThreads());
    setMessage(clamped == threads ? QString()
                                  : tr("Threads must be between 0 (all) and %1; it is now %2.")
                                        .arg(maxThreads())
                                        .arg(clamped));
    if (threads_ == clamped) return;
    threads_ = clamped;
    save(QStringLiteral("engine/threads"), clamped);
    emit threadsChanged();
    emit reloadNeededChanged();
}

QVariantMap SettingsController::loadOptions() const {
    return {{QStringLiteral("device"), resolvedDevice()},
            {QStringLiteral("threads"), threads_},
            {QStringLiteral("contextSize"), effectiveSettings().contextSize}};
}

void SettingsController::setLoadedModel(int contextLimit, const QString& device, int threads) {
    modelContextLimit_ = std::max(0, contextLimit);
    loadedDevice_ = device;
    loadedThreads_ = threads;
    emit contextLimitChanged();
    emit reloadNeededChanged();
}

bool SettingsController::reloadNeeded() const {
    return !loadedDevice_.isEmpty() &&
           (resolvedDevice() != loadedDevice_ || threads_ != loadedThreads_);
}

int SettingsController::contextLimit() const {
    return modelContextLimit_ > 0 ? modelContextLimit_ : kDefaultContextLimit;
}

}  // namespace siliang::app

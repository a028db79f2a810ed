// siliang: the desktop app. Opens the history, starts the chat controller (which owns
// the engine thread) and shows the QML UI from the Siliang module (ui/).
#include <QDir>
#include <QGuiApplication>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQmlContext>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>
#include <cstdio>

#include "appoptions.h"
#include "chatcontroller.h"
#include "historystore.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

// Qt's own (non-native) FileDialog needs Qt.labs.folderlistmodel; without it, opening
// the dialog crashes Qt 6.4. Where it is missing the UI offers the models folder instead.
bool fileDialogAvailable(QQmlEngine& engine) {
    QQmlComponent probe(&engine);
    probe.setData("import QtQuick\nimport Qt.labs.folderlistmodel\nQtObject {}\n", QUrl());
    return probe.isReady();
}

}  // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("Siliang"));
    QGuiApplication::setApplicationName(QStringLiteral("Siliang"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Siliang"));
    QGuiApplication::setApplicationVersion(QStringLiteral(SILIANG_VERSION));
    const siliang::app::AppOptions options = siliang::app::parseAppOptions(app);
    QQuickStyle::setStyle(QStringLiteral("Basic"));

    const QString dataDir = options.dataDir.isEmpty()
                                ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                : QDir(options.dataDir).absolutePath();
    const QString modelsDir = dataDir + QStringLiteral("/models");
    QDir().mkpath(modelsDir);

    history::OpenResult opened =
        history::HistoryStore::open(dataDir + QStringLiteral("/history.sqlite3"));
    QString banner;
    switch (opened.outcome) {
        case history::OpenOutcome::Recovered:
        case history::OpenOutcome::ReadOnly:
        case history::OpenOutcome::InUse:
        case history::OpenOutcome::Unavailable: banner = opened.message; break;
        default: break;
    }

    ChatController controller(std::move(opened.store), banner);
    // Settings persist in the user's Siliang settings, or beside the history with
    // --data-dir (so that test and demo runs leave the user's settings alone). The UI
    // speaks the chosen language; "system" uses a translation when one exists.
    if (options.dataDir.isEmpty())
        controller.preferences().useSystemSettings();
    else
        controller.preferences().useSettingsFile(dataDir + QStringLiteral("/settings.ini"));
    controller.preferences().applyLanguage();
    // Models registered in place (imported without copying) are remembered here.
    controller.modelList().setRegistryFile(dataDir + QStringLiteral("/models.json"));
    // modelsDir is the default: a folder chosen in the settings (read above) is used
    // instead, and the UI shows the one in use (chat.models.modelsFolder).
    controller.setModelSources({modelsDir}, options.modelFiles);
    controller.setMaxTokens(options.demoMaxTokens);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &controller, &ChatController::shutdown);

    QQmlApplicationEngine engine;
    // A language switch re-evaluates every qsTr() binding.
    QObject::connect(&controller.preferences(), &siliang::app::SettingsController::languageChanged,
                     &engine, &QQmlEngine::retranslate);
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.rootContext()->setContextProperty(QStringLiteral("chat"), &controller);
    engine.rootContext()->setContextProperty(QStringLiteral("fileDialogAvailable"),
                                             fileDialogAvailable(engine));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;

    if (!options.loadAtStart.isEmpty()) controller.loadModel(options.loadAtStart);
    if (!options.demoPrompt.isEmpty()) {
        auto sent = std::make_shared<bool>(false);
        QObject::connect(&controller, &ChatController::modelChanged, &controller,
                         [&controller, sent, prompt = options.demoPrompt] {
                             if (*sent || !controller.modelLoaded()) return;
                             *sent = true;
                             controller.send(prompt);
                         });
    }
    if (!options.screenshot.isEmpty()) {
        QTimer::singleShot(options.screenshotDelay * 1000, &app, [&engine, &options] {
            auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
            const bool saved = window && window->grabWindow().save(options.screenshot);
            if (!saved) std::fprintf(stderr, "siliang: could not save the screenshot\n");
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return QGuiApplication::exec();
}

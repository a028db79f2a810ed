#include "appoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace siliang::app {

AppOptions parseAppOptions(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Siliang: chat with language models on this machine."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"),
                                 QCoreApplication::translate("main", "GGUF model files to offer."),
                                 QStringLiteral("[MODEL.gguf...]"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QCoreApplication::translate("main", "Load this model at start."),
                                   QStringLiteral("path"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("main", "Keep history and models in this folder."),
        QStringLiteral("dir"));
    const QCommandLineOption demo(
        QStringLiteral("demo-prompt"),
        QCoreApplication::translate("main", "Send this message once the model is loaded."),
        QStringLiteral("text"));
    const QCommandLineOption maxTokens(
        QStringLiteral("max-tokens"),
        QCoreApplication::translate("main", "Limit answers to this many tokens."),
        QStringLiteral("n"));
    const QCommandLineOption shot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save the window to this PNG, then quit."),
        QStringLiteral("path"));
    const QCommandLineOption shotDelay(
        QStringLiteral("screenshot-delay"),
        QCoreApplication::translate("main", "Seconds to wait before the screenshot."),
        QStringLiteral("seconds"), QStringLiteral("5"));
    parser.addOptions({model, dataDir, demo, maxTokens, shot, shotDelay});
    parser.process(app);

    AppOptions options;
    options.modelFiles = parser.positionalArguments();
    if (parser.isSet(model)) {
        options.loadAtStart = parser.value(model);
        options.modelFiles.prepend(options.loadAtStart);
    }
    options.dataDir = parser.value(dataDir);
    options.demoPrompt = parser.value(demo);
    if (parser.isSet(maxTokens)) options.demoMaxTokens = parser.value(maxTokens).toInt();
    options.screenshot = parser.value(shot);
    options.screenshotDelay = parser.value(shotDelay).toInt();
    return options;
}

}  // namespace siliang::app

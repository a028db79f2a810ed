// The desktop app's command line: `siliang [MODEL.gguf] [--model PATH] ...`.
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace siliang::app {

struct AppOptions {
    QStringList modelFiles;  // positional arguments and --model
    QString loadAtStart;     // --model PATH
    QString dataDir;         // --data-dir: history and models live here instead
    QString demoPrompt;      // --demo-prompt TEXT: sent once the model is loaded
    int demoMaxTokens = -1;  // --max-tokens N
    QString screenshot;      // --screenshot PATH: saved after --screenshot-delay seconds
    int screenshotDelay = 5;
};

// Exits with a usage message on bad input (QCommandLineParser).
AppOptions parseAppOptions(const QCoreApplication& app);

}  // namespace siliang::app

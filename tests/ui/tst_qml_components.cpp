// The QtQuickTest runner for tests/ui/tst_*.qml: each file gets a fresh QML
// engine with the Siliang module, a FakeChat as `chat`, and a few real documents
// to attach (`testFiles`).
#include <QDir>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QVariantMap>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

#include "fakechat.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Basic")); }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        auto* chat = new FakeChat(engine);
        chat->reset();
        QVariantMap files;
        const auto write = [&](const QString& key, const QString& name, const QByteArray& bytes) {
            QFile f(dir_.filePath(name));
            if (f.open(QIODevice::WriteOnly)) f.write(bytes);
            files.insert(key, QDir(dir_.path()).absoluteFilePath(name));
        };
        write(QStringLiteral("notes"), QStringLiteral("meeting-notes.md"),
              "# Notes\n\n- ship it\n");
        write(QStringLiteral("paper"), QStringLiteral("paper.pdf"), QByteArray(3000, 'x'));
        write(QStringLiteral("tool"), QStringLiteral("tool.exe"), "MZ");
        QQmlContext* context = engine->rootContext();
        context->setContextProperty(QStringLiteral("chat"), chat);
        context->setContextProperty(QStringLiteral("testFiles"), files);
        context->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
        context->setContextProperty(QStringLiteral("modelsFolderPath"), dir_.path());
    }

private:
    QTemporaryDir dir_;
};

QUICK_TEST_MAIN_WITH_SETUP(siliang_qml_components, Setup)
#include "tst_qml_components.moc"

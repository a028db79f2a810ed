// The QML UI loads offscreen (QQmlApplicationEngine, Main.qml from the Siliang
// module) with no model and shows the welcome page, which offers the models found.
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include "chatcontroller.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

using siliang::app::ChatController;
namespace history = siliang::history;

class TestChatQml : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Basic")); }
    void welcomePageShowsWithoutAModel();
    void reasoningPanelStreamsLiveThenCollapses();
};

namespace {

// The first visible item named `name`, searching the visual tree (ListView
// delegates have no QObject parent, so findChild() does not see them).
QQuickItem* visibleIn(QQuickItem* item, const QString& name) {
    if (!item->isVisible()) return nullptr;
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = visibleIn(child, name)) return found;
    return nullptr;
}

QQuickItem* visibleChild(QQuickWindow* window, const QString& name) {
    return visibleIn(window->contentItem(), name);
}

}  // namespace

void TestChatQml::welcomePageShowsWithoutAModel() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile fake(dir.filePath("tiny-model.gguf"));  // only listed, never loaded
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.close();
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    ChatController chat(std::move(opened.store), QString());
    chat.setModelSources({dir.path()}, {});
    QCOMPARE(chat.availableModels().size(), 1);

    QQmlApplicationEngine engine;
    QStringList warnings;
    connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError>& list) {
        for (const QQmlError& e : list) warnings << e.toString();
    });
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.rootContext()->setContextProperty(QStringLiteral("chat"), &chat);
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolder"),
                                             QUrl::fromLocalFile(dir.path()));
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolderPath"), dir.path());
    engine.rootContext()->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
    engine.load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    QCOMPARE(engine.rootObjects().size(), 1);
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));

    auto* welcome = window->findChild<QQuickItem*>(QStringLiteral("welcomePage"));
    auto* chatView = window->findChild<QQuickItem*>(QStringLiteral("chatView"));
    QVERIFY(welcome);
    QVERIFY(chatView);
    QVERIFY(welcome->isVisible());
    QVERIFY(!chatView->isVisible());
    QVERIFY(welcome->width() > 0 && welcome->height() > 0);
    auto* modelName = window->findChild<QQuickItem*>(QStringLiteral("modelName"));
    QVERIFY(modelName);
    QCOMPARE(modelName->property("text").toString(), QStringLiteral("No model loaded"));
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
}

void TestChatQml::reasoningPanelStreamsLiveThenCollapses() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    history::OpenResult opened = history::HistoryStore::open(dir.filePath("history.sqlite3"));
    ChatController chat(std::move(opened.store), QString());
    // The rows a reasoning model's turn produces (Gemma 3 270M does not reason).
    auto& model = chat.messageModel();
    siliang::app::MessageListModel::Row user;
    user.role = QStringLiteral("user");
    user.content = QStringLiteral("Is 91 prime?");
    user.status = QStringLiteral("complete");
    model.append(user);
    siliang::app::MessageListModel::Row answer;
    answer.role = QStringLiteral("assistant");
    answer.status = QStringLiteral("streaming");
    const int row = model.append(answer);
    model.setThinking(row, true);
    model.appendReasoning(row, QStringLiteral("91 = 7 × 13, so it is not prime."));
    model.setReasoningSeconds(row, 3);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.rootContext()->setContextProperty(QStringLiteral("chat"), &chat);
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolder"),
                                             QUrl::fromLocalFile(dir.path()));
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolderPath"), dir.path());
    engine.rootContext()->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
    engine.load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().value(0));
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(visibleChild(window, QStringLiteral("chatView")));

    QTRY_VERIFY(visibleChild(window, QStringLiteral("reasoningHeader")));
    QQuickItem* header = visibleChild(window, QStringLiteral("reasoningHeader"));
    QCOMPARE(header->property("text").toString(), QStringLiteral("Thinking… 3 s"));
    QVERIFY(visibleChild(window, QStringLiteral("reasoningTrace")));  // live trace shown
    model.setReasoningSeconds(row, 4);
    QTRY_COMPARE(header->property("text").toString(), QStringLiteral("Thinking… 4 s"));

    model.setThinking(row, false);
    model.appendContent(row, QStringLiteral("No: **91 = 7 × 13**."));
    model.setStatus(row, QStringLiteral("complete"));
    QTRY_COMPARE(header->property("text").toString(), QStringLiteral("Thought for 4 s"));
    QTRY_VERIFY(!visibleChild(window, QStringLiteral("reasoningTrace")));  // collapsed

    QQuickItem* toggle = visibleChild(window, QStringLiteral("reasoningToggle"));
    QVERIFY(toggle);
    const QPointF centre = toggle->mapToScene(QPointF(toggle->width() / 2, toggle->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
    QTRY_VERIFY(visibleChild(window, QStringLiteral("reasoningTrace")));  // expanded on click

    const QString shotDir = qEnvironmentVariable("SILIANG_SCREENSHOT_DIR");
    if (!shotDir.isEmpty()) window->grabWindow().save(shotDir + QStringLiteral("/reasoning.png"));
}

QTEST_MAIN(TestChatQml)
#include "tst_chat_qml.moc"

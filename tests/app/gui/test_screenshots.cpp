// Screenshots of the whole window, light and dark: a conversation with a reasoning
// trace, a code block and math, from a real history file, with a real (tiny,
// random-weight) model loaded so the top bar, device label and context ring show.
// The PNGs are saved under the build folder (screenshots/, and screenshots/xcb for the
// run under Xvfb that ctest adds when xvfb-run is installed) as test artifacts; the
// test fails on a blank or one-colour image, on the wrong background for the
// theme, and when the expected texts are not in the rendered QML tree.
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

#include "chatcontroller.h"
#include "random_model.h"

Q_IMPORT_QML_PLUGIN(SiliangPlugin)

using siliang::app::ChatController;
namespace history = siliang::history;

namespace {

const QString kQuestion = QStringLiteral("Is 91 prime? Check it in Python and show the math.");
const QString kReasoning = QStringLiteral(
    "91 is odd, so not divisible by 2. Digit sum 10, so not by 3. 91 / 7 = 13 exactly, "
    "so 91 = 7 × 13 and it is composite.");
const QString kAnswer = QStringLiteral(
    "No: **91 is not prime**, because $91 = 7 \\times 13$.\n\n"
    "```python\n"
    "def is_prime(n: int) -> bool:\n"
    "    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n\n"
    "print(is_prime(91))  # False\n"
    "```\n\n"
    "A number $n$ is prime when its only divisors are $1$ and $n$:\n\n"
    "$$\\sqrt{91} \\approx 9.54, \\quad 91 \\bmod 7 = 0$$\n");

// Every text shown in the visible item tree, concatenated.
void collectTexts(QQuickItem* item, QStringList& out) {
    if (!item->isVisible()) return;
    const QVariant text = item->property("text");
    if (text.isValid() && text.canConvert<QString>()) out << text.toString();
    for (QQuickItem* child : item->childItems()) collectTexts(child, out);
}

QQuickItem* visibleNamed(QQuickItem* item, const QString& name) {
    if (!item->isVisible()) return nullptr;
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = visibleNamed(child, name)) return found;
    return nullptr;
}

QString visibleText(QQuickWindow* window) {
    QStringList texts;
    collectTexts(window->contentItem(), texts);
    // Popups live in the overlay, outside the content item.
    if (QQuickItem* overlay = window->contentItem()->parentItem())
        for (QQuickItem* child : overlay->childItems())
            if (child != window->contentItem()) collectTexts(child, texts);
    return texts.join(QLatin1Char('\n'));
}

void click(QQuickWindow* window, QQuickItem* item) {
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
}

// Saves the window as screenshots/<name>.png and checks it is not blank: many
// colours (anti-aliased text) and a reasonable share of ink on the background.
void saveAndCheck(QQuickWindow* window, const QString& name, const QColor& background) {
    QTest::qWait(300);  // the last layout pass and canvas paint
    const QImage image = window->grabWindow();
    QVERIFY(!image.isNull());
    // One folder per platform plugin: screenshots/ offscreen, screenshots/xcb under Xvfb.
    const QString platform = QGuiApplication::platformName();
    const QString folder = QStringLiteral(SILIANG_SCREENSHOT_DIR) +
                           (platform == QLatin1String("offscreen") ? QString() : "/" + platform);
    QVERIFY(QDir().mkpath(folder));
    const QString file = folder + QStringLiteral("/%1.png").arg(name);
    QVERIFY(image.save(file));
    qInfo("saved %s", qPrintable(file));
    QSet<QRgb> colours;
    qint64 ink = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 2)
        for (int x = 0; x < rgb.width(); x += 2) {
            const QRgb px = rgb.pixel(x, y);
            colours.insert(px);
            if (qAbs(qGray(px) - qGray(background.rgb())) > 60) ++ink;
        }
    QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
    const double inkShare = static_cast<double>(ink) / ((rgb.width() / 2) * (rgb.height() / 2));
    QVERIFY2(inkShare > 0.01 && inkShare < 0.5, qPrintable(QString::number(inkShare)));
    // The chat area's background is the theme's window colour (right edge, below
    // the top bar, away from the messages).
    QCOMPARE(rgb.pixelColor(rgb.width() - 8, 70).name(), background.name());
}

}  // namespace

class TestScreenshots : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void conversation_data();
    void conversation();
    void welcomeAndModelPicker();

private:
    // Main.qml on `chat`, with the context properties main.cpp sets; QML warnings
    // are collected into `warnings`.
    QQuickWindow* show(QQmlApplicationEngine& engine, ChatController& chat, QStringList& warnings);

    QTemporaryDir dir_;
    QString model_;
    qint64 conversationId_ = 0;
};

void TestScreenshots::initTestCase() {
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    QVERIFY(dir_.isValid());
    model_ = dir_.filePath(QStringLiteral("siliang-demo.gguf"));
    siliang::test_models::RandomModelSpec spec;
    spec.context_length = 4096;
    spec.type = siliang::gguf::TensorType::Q8_0;
    spec.vocab_from = SILIANG_TESTDATA_DIR "/vocab/ggml-vocab-llama-spm.gguf";
    siliang::test_models::write_random_model(spec, model_.toStdString());

    history::OpenResult opened = history::HistoryStore::open(dir_.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    history::NewConversation init;
    init.title = QStringLiteral("Is 91 prime?");
    conversationId_ = opened.store->createConversation(init);
    history::NewMessage user;
    user.content = kQuestion;
    opened.store->appendMessage(conversationId_, user);
    history::NewMessage answer;
    answer.role = history::Role::Assistant;
    answer.reasoning = kReasoning;
    answer.content = kAnswer;
    answer.stats.reasoningMs = 4200;
    answer.stats.promptTokens = 48;
    answer.stats.completionTokens = 131;
    answer.stats.promptTokensPerSecond = 210.5;
    answer.stats.generationTokensPerSecond = 38.2;
    opened.store->appendMessage(conversationId_, answer);
    history::NewConversation other;
    other.title = QStringLiteral("四两拨千斤 means what?");
    opened.store->createConversation(other);
}

void TestScreenshots::conversation_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QColor>("background");
    QTest::newRow("light") << QStringLiteral("light") << QColor(QStringLiteral("#ffffff"));
    QTest::newRow("dark") << QStringLiteral("dark") << QColor(QStringLiteral("#1e1f22"));
}

QQuickWindow* TestScreenshots::show(QQmlApplicationEngine& engine, ChatController& chat,
                                    QStringList& warnings) {
    connect(&engine, &QQmlEngine::warnings, this, [&warnings](const QList<QQmlError>& list) {
        for (const QQmlError& e : list) warnings << e.toString();
    });
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.rootContext()->setContextProperty(QStringLiteral("chat"), &chat);
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolder"),
                                             QUrl::fromLocalFile(dir_.path()));
    engine.rootContext()->setContextProperty(QStringLiteral("modelsFolderPath"), dir_.path());
    engine.rootContext()->setContextProperty(QStringLiteral("fileDialogAvailable"), false);
    engine.load(QUrl(QStringLiteral("qrc:/Siliang/Main.qml")));
    if (engine.rootObjects().size() != 1) return nullptr;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!window) return nullptr;
    window->resize(1180, 760);
    return QTest::qWaitForWindowExposed(window) ? window : nullptr;
}

void TestScreenshots::conversation() {
    QFETCH(QString, mode);
    QFETCH(QColor, background);
    history::OpenResult opened = history::HistoryStore::open(dir_.filePath("history.sqlite3"));
    QVERIFY(opened.store);
    ChatController chat(std::move(opened.store), QString());
    // The app's theme switch (settings in memory only: nothing is written).
    chat.preferences().setTheme(mode);
    chat.loadModel(model_);
    QTRY_VERIFY_WITH_TIMEOUT(chat.modelLoaded(), 60000);
    chat.openConversation(conversationId_);
    QCOMPARE(chat.messageModel().rowCount(), 2);
    // A document waiting in the composer.
    const QString doc = dir_.filePath(QStringLiteral("primes-notes.md"));
    {
        QFile f(doc);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Primes\n\n2, 3, 5, 7, 11, 13\n");
    }
    QCOMPARE(chat.attachmentList().add(doc), 1);

    QQmlApplicationEngine engine;
    QStringList warnings;
    QQuickWindow* window = show(engine, chat, warnings);
    QVERIFY(window);

    // Everything the conversation should show is in the visible tree.
    QTRY_VERIFY_WITH_TIMEOUT(visibleText(window).contains(QStringLiteral("Thought for 4 s")),
                             10000);
    QString all = visibleText(window);
    QVERIFY(all.contains(kQuestion));
    QVERIFY(all.contains(QStringLiteral("is_prime")));              // the code block
    QVERIFY(all.contains(QStringLiteral("siliang-random-llama")));  // the model picker
    QVERIFY(all.contains(QStringLiteral("CPU")));                   // the device label
    QVERIFY(all.contains(QStringLiteral("Is 91 prime?")));          // the sidebar
    QVERIFY(all.contains(QStringLiteral("179 / 4K")));         // context: 48 + 131 tokens of 4096
    QVERIFY(all.contains(QStringLiteral("primes-notes.md")));  // the attachment chip
    // Collapsed: the trace is hidden until the header is clicked.
    QVERIFY(!visibleNamed(window->contentItem(), QStringLiteral("reasoningTrace")));

    // Expanded, the reasoning trace is shown too.
    QQuickItem* toggle = visibleNamed(window->contentItem(), QStringLiteral("reasoningToggle"));
    QVERIFY(toggle);
    click(window, toggle);
    QTRY_VERIFY(visibleNamed(window->contentItem(), QStringLiteral("reasoningTrace")));
    QVERIFY(visibleText(window).contains(kReasoning));

    saveAndCheck(window, QStringLiteral("chat-%1").arg(mode), background);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
}

void TestScreenshots::welcomeAndModelPicker() {
    // First run: the models folder holds the model and a file that is not one.
    const QString models = dir_.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(models));
    QVERIFY(QFile::copy(model_, models + QStringLiteral("/siliang-demo.gguf")));
    {
        QFile f(models + QStringLiteral("/notes.gguf"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a model");
    }
    QTemporaryDir empty;
    history::OpenResult opened = history::HistoryStore::open(empty.filePath("history.sqlite3"));
    ChatController chat(std::move(opened.store), QString());
    chat.preferences().setTheme(QStringLiteral("light"));
    chat.setModelSources({models}, {});

    QQmlApplicationEngine engine;
    QStringList warnings;
    QQuickWindow* window = show(engine, chat, warnings);
    QVERIFY(window);
    QTRY_VERIFY(visibleNamed(window->contentItem(), QStringLiteral("welcomePage")));
    // The header details arrive from the worker thread.
    QTRY_VERIFY_WITH_TIMEOUT(
        visibleText(window).contains(QStringLiteral("llama · 2M · Q8_0 · 4K context")), 10000);
    QString all = visibleText(window);
    QVERIFY(all.contains(QStringLiteral("Welcome to Siliang")));
    QVERIFY(all.contains(QStringLiteral("siliang-random-llama")));
    QVERIFY(all.contains(QStringLiteral("notes.gguf is not a usable GGUF model")));
    QVERIFY(all.contains(QStringLiteral("No model loaded")));
    saveAndCheck(window, QStringLiteral("welcome-light"), QColor(QStringLiteral("#ffffff")));

    // The picker lists the same models.
    QQuickItem* picker = visibleNamed(window->contentItem(), QStringLiteral("modelPicker"));
    QVERIFY(picker);
    click(window, picker);
    QTRY_VERIFY(visibleText(window).contains(QStringLiteral("Models on this computer")));
    saveAndCheck(window, QStringLiteral("model-picker-light"), QColor(QStringLiteral("#ffffff")));
    all = visibleText(window);
    QVERIFY(all.contains(QStringLiteral("Models folder: ") + QDir(models).absolutePath()));
    QCOMPARE(all.count(QStringLiteral("llama · 2M · Q8_0 · 4K context")), 2);  // page + popup
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
}

QTEST_MAIN(TestScreenshots)
#include "test_screenshots.moc"

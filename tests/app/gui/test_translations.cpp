// The Chinese translation is complete and is what the app embeds: every string of
// the .ts file is translated, and the compiled .qm turns the UI's English into Chinese.
#include <QFile>
#include <QRegularExpression>
#include <QTranslator>
#include <QtTest>

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void zh_cn_is_complete() {
        QFile ts(QStringLiteral(SILIANG_TS_ZH_CN));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        const qsizetype sources = text.count(QStringLiteral("<source>"));
        QVERIFY(sources > 50);
        QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
        QCOMPARE(text.count(QStringLiteral("<translation>")), sources);
    }

    void qm_translates_the_ui() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(SILIANG_QM_ZH_CN)));
        QCOMPARE(translator.translate("Sidebar", "New chat"), QStringLiteral("新对话"));
        QCOMPARE(translator.translate("WelcomePage", "Welcome to Siliang"),
                 QStringLiteral("欢迎使用四两"));
        // Placeholders survive translation.
        QVERIFY(translator.translate("ReasoningPanel", "Thought for %1 s").contains("%1"));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"

// Dequantization of every supported block type against committed goldens made
// by make_dequant_goldens.py from gguf-py (edge blocks + random blocks), bit
// for bit; plus the API's argument checking.
#include <QtTest>

#include <stdexcept>
#include <string>
#include <vector>

#include "cpu/dequantize.h"
#include "kernel_test_util.h"

using namespace siliang;
using namespace siliang::kernels;

class TestDequantizeGoldens : public QObject {
    Q_OBJECT

private slots:
    void matches_gguf_py_goldens_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < test::block_types().size(); ++i) {
            QTest::newRow(test::block_types()[i].name) << static_cast<int>(i);
        }
    }

    void matches_gguf_py_goldens() {
        QFETCH(int, index);
        const auto& t = test::block_types()[static_cast<std::size_t>(index)];
        const auto r = test::check_block_set(test::goldens_dir(), t);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // 10 (Q8_K: 8) edge blocks precede the random ones; demand a real sample.
        QVERIFY(r.blocks >= 16);
        qInfo("%s: %lld blocks, %lld values bit-exact", t.name, static_cast<long long>(r.blocks),
              static_cast<long long>(r.values));
    }

    // Tensor data in a GGUF file is aligned, but a row inside it need not be
    // (a Q4_0 row of 32 elements is 18 bytes), so kernels must accept any address.
    void unaligned_source_gives_same_values() {
        for (const auto& t : test::block_types()) {
            const auto blocks =
                test::read_file(test::goldens_dir() + QLatin1Char('/') + QLatin1String(t.name) +
                                QStringLiteral(".blocks.bin"));
            QVERIFY(blocks.has_value());
            const auto traits = gguf::type_traits(t.type);
            const int64_t n = blocks->size() / traits->type_size * traits->block_size;
            std::vector<float> aligned(static_cast<std::size_t>(n));
            std::vector<float> shifted(static_cast<std::size_t>(n));
            QByteArray odd(1, '\0');
            odd.append(*blocks);
            cpu::dequantize_row(t.type, blocks->constData(), aligned.data(), n);
            cpu::dequantize_row(t.type, odd.constData() + 1, shifted.data(), n);
            QVERIFY2(
                std::memcmp(aligned.data(), shifted.data(), aligned.size() * sizeof(float)) == 0,
                t.name);
        }
    }

    void supported_types_are_reported() {
        using T = gguf::TensorType;
        for (const auto& t : test::block_types()) QVERIFY2(cpu::can_dequantize(t.type), t.name);
        QVERIFY(cpu::can_dequantize(T::F32));
        QVERIFY(cpu::can_dequantize(T::F16));
        QVERIFY(cpu::can_dequantize(T::BF16));
        QVERIFY(!cpu::can_dequantize(T::IQ2_XXS));
        QVERIFY(!cpu::can_dequantize(T::Q8_1));
        QVERIFY(!cpu::can_dequantize(T::I32));
        QVERIFY(!cpu::can_dequantize(static_cast<T>(99)));
    }

    void unsupported_type_throws_naming_it() {
        float out[256];
        const std::vector<unsigned char> zeros(1024, 0);
        try {
            cpu::dequantize_row(gguf::TensorType::IQ2_XXS, zeros.data(), out, 256);
            QFAIL("IQ2_XXS did not throw");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("IQ2_XXS") != std::string::npos, e.what());
        }
        try {
            cpu::dequantize_row(static_cast<gguf::TensorType>(99), zeros.data(), out, 1);
            QFAIL("type 99 did not throw");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("99") != std::string::npos, e.what());
        }
    }

    void partial_block_throws_naming_type() {
        float out[512];
        const std::vector<unsigned char> zeros(1024, 0);
        for (const int64_t n : {int64_t{100}, int64_t{-256}, int64_t{257}}) {
            try {
                cpu::dequantize_row(gguf::TensorType::Q4_K, zeros.data(), out, n);
                QFAIL(qPrintable(QStringLiteral("n = %1 did not throw").arg(n)));
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find("Q4_K") != std::string::npos, e.what());
                QVERIFY2(std::string(e.what()).find(std::to_string(n)) != std::string::npos,
                         e.what());
            }
        }
        // Zero elements is a valid, empty row.
        cpu::dequantize_row(gguf::TensorType::Q4_K, zeros.data(), out, 0);
    }

    void f32_is_copied_unchanged() {
        const std::vector<uint32_t> bits = {0x00000000u, 0x80000000u, 0x7F800001u, 0xFFC00000u,
                                            0x00000001u, 0x3F800000u, 0x7F7FFFFFu};
        std::vector<float> out(bits.size());
        cpu::dequantize_row(gguf::TensorType::F32, bits.data(), out.data(),
                            static_cast<int64_t>(bits.size()));
        QVERIFY(std::memcmp(bits.data(), out.data(), bits.size() * 4) == 0);
    }
};

QTEST_APPLESS_MAIN(TestDequantizeGoldens)
#include "test_dequantize_goldens.moc"

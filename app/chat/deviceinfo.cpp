#include "deviceinfo.h"

#include <QCoreApplication>
#include <QThread>

#include "backend/registry.h"

namespace siliang::app {

namespace {

QString displayName(const QString& backend) {
    if (backend == QLatin1String("cuda")) return QStringLiteral("CUDA");
    if (backend == QLatin1String("vulkan")) return QStringLiteral("Vulkan");
    if (backend == QLatin1String("cpu")) return QStringLiteral("CPU");
    return backend;
}

}  // namespace

DeviceInfo describeDevice(const QString& backend, const QString& deviceName,
                          const QStringList& available, int threads) {
    DeviceInfo info;
    QStringList gpus;
    for (const QString& name : available)
        if (name != QLatin1String("cpu")) gpus << displayName(name);
    if (backend == QLatin1String("cpu")) {
        info.label = QStringLiteral("CPU");
        const QString running =
            threads == 1
                ? QCoreApplication::translate("DeviceInfo", "Running on the CPU with 1 thread.")
                : QCoreApplication::translate("DeviceInfo", "Running on the CPU with %1 threads.")
                      .arg(threads);
        info.reason =
            gpus.isEmpty()
                ? running + QLatin1Char(' ') +
                      QCoreApplication::translate(
                          "DeviceInfo", "No CUDA or Vulkan backend is available in this build.")
                : running + QLatin1Char(' ') +
                      QCoreApplication::translate(
                          "DeviceInfo", "No usable GPU was found (backends available: %1).")
                          .arg(gpus.join(QStringLiteral(", ")));
        return info;
    }
    const QString name = displayName(backend);
    info.label = deviceName.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, deviceName);
    if (backend == QLatin1String("cuda"))
        info.reason =
            QCoreApplication::translate(
                "DeviceInfo", "Running on %1 with CUDA, the fastest backend on this computer.")
                .arg(deviceName.isEmpty() ? name : deviceName);
    else if (backend == QLatin1String("vulkan"))
        info.reason = QCoreApplication::translate(
                          "DeviceInfo", "Running on %1 with Vulkan: no CUDA device was found.")
                          .arg(deviceName.isEmpty() ? name : deviceName);
    else
        info.reason =
            QCoreApplication::translate("DeviceInfo", "Running on the %1 backend.").arg(info.label);
    return info;
}

DeviceInfo currentDevice() {
    QStringList available;
    for (const std::string& name : backend::available_backends())
        available << QString::fromStdString(name);
    // The engine loads models on "cpu" (model::LoadOptions) until GPU plugins land.
    return describeDevice(QStringLiteral("cpu"), QString(), available, QThread::idealThreadCount());
}

}  // namespace siliang::app

// DeviceInfo: the label the top bar shows for the device the model runs on, and
// the tooltip saying why that one. Written for the GPU backends to come: a CUDA
// or Vulkan backend reports its device name ("CUDA (NVIDIA GeForce RTX 4090)").
#pragma once

#include <QString>
#include <QStringList>

namespace siliang::app {

struct DeviceInfo {
    QString label;   // "CPU", "CUDA (NVIDIA …)", "Vulkan (…)"
    QString reason;  // the tooltip
};

// backend: the backend in use ("cpu", "cuda", "vulkan"); deviceName: what the
// backend calls its device ("" for the CPU); available: registered backend names;
// threads: the CPU backend's compute threads.
DeviceInfo describeDevice(const QString& backend, const QString& deviceName,
                          const QStringList& available, int threads);

// The backend the engine uses now, from the engine's registry.
DeviceInfo currentDevice();

}  // namespace siliang::app

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fabscope {
// Lower-case hex SHA-256 of a file's bytes (streamed) or of a buffer. Of a directory: the
// SHA-256 of the lines "name\tsha256\n" of its regular files sorted by name.
std::string sha256_file(const std::filesystem::path& path);
std::string sha256_bytes(std::string_view bytes);
}  // namespace fabscope

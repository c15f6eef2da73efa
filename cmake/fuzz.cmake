# libFuzzer targets (clang only): configure a separate tree with
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DMOSAIC_FUZZ=ON -DMOSAIC_SANITIZE=ON
# Every target in fuzz/*_fuzzer.cc links the core library built with coverage instrumentation.
file(GLOB MOSAIC_FUZZ_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/*_fuzzer.cc)
foreach(src ${MOSAIC_FUZZ_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE mosaic_core)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
endforeach()

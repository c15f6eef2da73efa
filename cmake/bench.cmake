find_package(benchmark REQUIRED)
file(GLOB_RECURSE MOSAIC_BENCH_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/*_benchmark.cc
     ${PROJECT_SOURCE_DIR}/bench/*_benchmark.cc)
if(MOSAIC_BENCH_SOURCES)
  add_executable(mosaic_bench ${MOSAIC_BENCH_SOURCES})
  target_link_libraries(mosaic_bench PRIVATE mosaic_core benchmark::benchmark benchmark::benchmark_main)
  set_target_properties(mosaic_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
endif()

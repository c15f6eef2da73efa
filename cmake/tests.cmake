# Every test is registered through mosaic_add_test so that none silently drops out: each *_test.cc
# beside the code becomes one GoogleTest binary, and gtest_discover_tests registers its cases with CTest.
find_package(GTest REQUIRED)
include(GoogleTest)

function(mosaic_add_test source)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE mosaic_core GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE MOSAIC_BINARY_DIR="${PROJECT_BINARY_DIR}")
  mosaic_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600
                       ENVIRONMENT "MOSAIC_BIN=${PROJECT_BINARY_DIR}/mosaic")
endfunction()

file(GLOB_RECURSE MOSAIC_TEST_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/*_test.cc
     ${PROJECT_SOURCE_DIR}/tests/*_test.cc)
foreach(t ${MOSAIC_TEST_SOURCES})
  mosaic_add_test(${t})
endforeach()
# Tests under tests/ share helpers in tests/test_util.h.
foreach(t ${MOSAIC_TEST_SOURCES})
  get_filename_component(name ${t} NAME_WE)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_dependencies(${name} mosaic)
endforeach()

# The web UI end to end in Debian's Chromium (ui/e2e/run.sh exits 77 = skipped when Chromium or
# Node.js is missing). Release builds only: the sanitizer trees run the C++ suite.
find_program(CHROMIUM_EXE chromium)
if(CHROMIUM_EXE AND NOT MOSAIC_SANITIZE AND NOT MOSAIC_TSAN)
  add_test(NAME ui_e2e COMMAND ${PROJECT_SOURCE_DIR}/ui/e2e/run.sh ${PROJECT_BINARY_DIR})
  set_tests_properties(ui_e2e PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()

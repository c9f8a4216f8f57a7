# Desktop integration files, man pages, and the CPack configuration (.deb and .tar.gz).
# Included from the top-level CMakeLists.txt; the executables install themselves in app/.

set(FEEDDECK_SCREENSHOT_BASE_URL "${PROJECT_HOMEPAGE_URL}/screenshots" CACHE STRING
    "Public URL of the folder that serves resources/screenshots/*.png, for the AppStream metainfo")
set(FEEDDECK_PACKAGE_MAINTAINER "FeedDeck developers <packages@feeddeck.io>" CACHE STRING
    "Maintainer field of the Debian package")

set(_fd_generated ${PROJECT_BINARY_DIR}/packaging)

# Version and release date reach the metainfo and the man pages from the top-level project().
configure_file(${PROJECT_SOURCE_DIR}/resources/io.feeddeck.FeedDeck.metainfo.xml.in
               ${_fd_generated}/io.feeddeck.FeedDeck.metainfo.xml @ONLY)

# Debian installs man pages compressed; -n keeps the archive byte-for-byte reproducible.
set(_fd_man_pages)
foreach(_page feeddeck feeddeck-sim)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/${_page}.1.in ${_fd_generated}/${_page}.1 @ONLY)
    add_custom_command(
        OUTPUT ${_fd_generated}/${_page}.1.gz
        COMMAND gzip -9 -n -c ${_fd_generated}/${_page}.1 > ${_fd_generated}/${_page}.1.gz
        DEPENDS ${_fd_generated}/${_page}.1
        COMMENT "Compressing the ${_page}(1) man page"
        VERBATIM)
    list(APPEND _fd_man_pages ${_fd_generated}/${_page}.1.gz)
endforeach()
add_custom_target(feeddeck_man_pages ALL DEPENDS ${_fd_man_pages})

install(FILES ${PROJECT_SOURCE_DIR}/resources/io.feeddeck.FeedDeck.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_fd_generated}/io.feeddeck.FeedDeck.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/icons/hicolor
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons
        FILES_MATCHING PATTERN "*.svg" PATTERN "*.png")
install(FILES ${_fd_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
# A desk's nats-server configuration for `feeddeck relay` (README, "Team use"), as an example:
# the desk copies and edits it.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/nats/feeddeck-nats.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/feeddeck/examples)

# --- CPack ------------------------------------------------------------------------------------
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME feeddeck)
set(CPACK_PACKAGE_VENDOR "FeedDeck")
set(CPACK_PACKAGE_CONTACT "${FEEDDECK_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# One sentence a line: CPack turns each line into a line of the Debian long description.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "FeedDeck connects to live data feeds over WebSocket and shows the latest values in tables"
    "and charts: market quotes in the Coinbase Exchange or Binance spot protocols, or any JSON"
    "feed through a field mapping, such as stock levels from an inventory service."
    "Feeds that drop or stall are reconnected with jittered backoff, and every feed's state is"
    "shown. Snapshots export to CSV from the window, or headless from cron."
    "The built-in simulator (also as feeddeck-sim) lets you try it without a network.")
set(CPACK_PACKAGE_FILE_NAME "feeddeck-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The shared libraries (Qt, libstdc++, simdjson, ...) are computed by dpkg-shlibdeps from the
# binaries. The QML modules are loaded at run time, so no linker sees them: list every module
# the views import, with the modules those import in turn (Controls -> Templates, Fusion style;
# QtQml -> Models, WorkerScript; QtQuick -> Window; the Dialogs' own file dialog ->
# Qt.labs.folderlistmodel). `bootstrap.sh package-check` checks this list against what
# qmlimportscanner finds in qml/.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(FEEDDECK_QML_RUNTIME_PACKAGES
    qml6-module-qtqml
    qml6-module-qtqml-models
    qml6-module-qtqml-workerscript
    qml6-module-qtquick
    qml6-module-qtquick-window
    qml6-module-qtquick-layouts
    qml6-module-qtquick-controls
    qml6-module-qtquick-templates
    qml6-module-qtquick-dialogs
    qml6-module-qt-labs-folderlistmodel
    qml6-module-qtcharts)
list(JOIN FEEDDECK_QML_RUNTIME_PACKAGES ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# wss:// feeds verify the server against the system CA store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")

include(CPack)

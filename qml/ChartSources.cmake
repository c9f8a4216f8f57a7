# The chart view: included by qml/CMakeLists.txt into the FeedDeck module (feeddeck_ui).
qt_target_qml_sources(feeddeck_ui
    QML_FILES
        panes/ChartPane.qml
        controls/WindowSelector.qml
        controls/SeriesLegend.qml
        controls/SeriesLegendEntry.qml
        controls/SeriesLines.qml
)
target_sources(feeddeck_ui PRIVATE
    ${PROJECT_SOURCE_DIR}/app/ChartController.h ${PROJECT_SOURCE_DIR}/app/ChartController.cpp
    ${PROJECT_SOURCE_DIR}/app/ChartMemory.h ${PROJECT_SOURCE_DIR}/app/ChartMemory.cpp
    ${PROJECT_SOURCE_DIR}/app/CsvExporter.h ${PROJECT_SOURCE_DIR}/app/CsvExporter.cpp
    ${PROJECT_SOURCE_DIR}/app/ChartSeriesModel.h ${PROJECT_SOURCE_DIR}/app/ChartSeriesModel.cpp
    ${PROJECT_SOURCE_DIR}/app/ChartViewport.h ${PROJECT_SOURCE_DIR}/app/ChartViewport.cpp
    ${PROJECT_SOURCE_DIR}/app/SeriesFeeder.h ${PROJECT_SOURCE_DIR}/app/SeriesFeeder.cpp
)
target_link_libraries(feeddeck_ui PUBLIC Qt6::Charts Qt6::Widgets)

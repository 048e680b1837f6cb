<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Open File...</source>
        <translation>파일 열기(&amp;O)...</translation>
    </message>
    <message>
        <source>Save</source>
        <comment>verb, toolbar button</comment>
        <translation>저장</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) selected</source>
        <translation>
            <numerusform>사진 %n장 선택됨</numerusform>
        </translation>
    </message>
    <message>
        <source>Not translated yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlbumDialog</name>
    <message>
        <source>Delete the album “%1”?</source>
        <translation>“%1” 앨범을 삭제할까요?</translation>
    </message>
</context>
</TS>
